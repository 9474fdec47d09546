namespace Werkbank.Diagnostics;

/// <summary>INV04xx: placement of central services, the gateway, and the internal network.</summary>
public readonly partial struct At
{
    public Diagnostic NoKubernetesChart(string service, string host, IEnumerable<string> charted) =>
        Error("INV0401", $"service '{service}' cannot run on the kubernetes host '{host}': the generator has no Helm chart for it",
            $"Place it on a docker host. On Kubernetes: {string.Join(", ", charted)}.");

    public Diagnostic SecondGateway(string service, string gateway) =>
        Error("INV0402", $"'{service}' is deployed, but platform.gateway is '{gateway}'",
            $"Only the platform's gateway publishes ports 80/443; remove '{service}' from services.yaml or set platform.gateway: {service}.");

    public Diagnostic ReplicasOnDocker(string service, int replicas, string host) =>
        Warning("INV0403", $"'{service}' asks for {replicas} replicas, but docker host '{host}' runs one container per service",
            "Replicas apply to services on a kubernetes host; remove 'replicas' or move the service.");

    public Diagnostic SingleReplicaOnly(string service, int replicas) =>
        Warning("INV0404", $"'{service}' asks for {replicas} replicas, but its chart runs exactly one (state lives on one volume)",
            "Remove 'replicas'; scale it by giving the pod more resources.");

    public Diagnostic InvalidCaCertificate(string problem) =>
        Error("INV0405", $"platform.tls.ca_certificate is not a PEM of CA certificates: {problem}",
            "Paste the internal CA's certificate (openssl x509 -in ca.pem), or leave ca_certificate out when a public CA issued the gateway's certificate.");

    public Diagnostic CaNotTrusted(string service, string reason) =>
        Warning("INV0406", $"'{service}' will not trust the internal CA (platform.tls.ca_certificate): {reason}; its login through Keycloak fails until it does",
            "Run it on a docker host (beside Keycloak for Guacamole), add the CA to its image or trust store by hand, or give the gateway a certificate from a public CA.");
}
