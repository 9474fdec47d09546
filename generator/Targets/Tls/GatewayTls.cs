using Werkbank.Model;

namespace Werkbank.Targets.Tls;

/// <summary>
/// Where the gateway's certificate and the internal CA go. The certificate and its key are secrets:
/// the gateway's configuration carries ${TLS_CERTIFICATE} and ${TLS_PRIVATE_KEY}, which the apply step
/// fills with the PEM from CI variables (Traefik and Kong both take PEM text where they take a file).
/// The CA (platform.tls.ca_certificate) is public: it is rendered as it is, to out/tls/ca.pem, which the
/// compose files mount at <see cref="ContainerFolder"/>, and into every VM's cloud-init.
/// </summary>
public static class GatewayTls
{
    public const string CertificateVariable = "TLS_CERTIFICATE";

    public const string PrivateKeyVariable = "TLS_PRIVATE_KEY";

    public static string CertificatePlaceholder => "${" + CertificateVariable + "}";

    public static string PrivateKeyPlaceholder => "${" + PrivateKeyVariable + "}";

    /// <summary>The CA under out/.</summary>
    public const string CaFile = "tls/ca.pem";

    /// <summary>Where containers see out/tls/ (a folder: Go reads every file of an SSL_CERT_DIR).</summary>
    public const string ContainerFolder = "/etc/werkbank/tls";

    public static string ContainerCaFile => $"{ContainerFolder}/ca.pem";

    /// <summary>The host names the gateway's certificate must cover: every service is &lt;service&gt;.&lt;domain&gt;.</summary>
    public static string WildcardName(PlatformModel model) => "*." + model.Platform.Domain;
}
