using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Validation;

/// <summary>
/// platform.tls.ca_certificate: every VM and service is told to trust it, so it must be what it claims,
/// a PEM of CA certificates. Only its form is checked, not its dates: validation gives the same answer
/// on every day, and a CA that expires shows in every browser long before. A private key there is
/// <see cref="SecretRules"/>' finding. With an internal CA, the services the render cannot make trust it
/// are named (a warning): their Keycloak login fails until someone adds the CA by hand.
/// </summary>
internal static class TlsRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        if (set.Platform?.Tls is not { CaCertificate: { } pem } tls)
        {
            return;
        }

        if (Problem(pem) is { } problem)
        {
            found.Add(DiagnosticBuilder.At(tls.SpanOf("ca_certificate")).InvalidCaCertificate(problem));
            return;
        }

        // Services whose login calls Keycloak from the server side, where the render cannot make them trust the CA.
        var keycloakHost = set.Services.TryGetValue("keycloak", out var keycloak) ? keycloak.On : null;
        foreach (var (name, service) in set.Services)
        {
            if (!ServiceCatalog.WebLogin.Contains(name, StringComparer.Ordinal) || !set.Hosts.TryGetValue(service.On, out var host))
            {
                continue;
            }

            var reason = name == "open-webui" ? "its OIDC client (Python httpx) reads one CA bundle only: the internal CA alone would cut it off from public sites"
                : host.Kind == "kubernetes" ? $"it runs on the kubernetes host '{service.On}', whose Helm values get no CA"
                : name == "guacamole" && service.On != keycloakHost ? "it fetches Keycloak's keys over https from Java, which needs a trust store, unless it runs on Keycloak's docker host"
                : null;
            if (reason is not null)
            {
                found.Add(DiagnosticBuilder.At(service.SpanOf("on")).CaNotTrusted(name, reason));
            }
        }
    }

    /// <summary>Why <paramref name="pem"/> is not a PEM of CA certificates, or null when it is.</summary>
    internal static string? Problem(string pem)
    {
        var (blocks, after) = PemBlock.Split(pem);
        if (blocks.Count == 0)
        {
            return "it holds no PEM block (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)";
        }

        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Label != "CERTIFICATE")
            {
                return $"block {i + 1} is a '{blocks[i].Label}', not a 'CERTIFICATE'";
            }

            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(blocks[i].Base64));
            }
            catch (CryptographicException ex)
            {
                return $"certificate {i + 1} does not parse: {ex.Message}";
            }

            using (certificate)
            {
                var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
                if (constraints is not { CertificateAuthority: true })
                {
                    return $"certificate {i + 1} ({certificate.Subject}) is not a CA: it lacks basicConstraints CA:TRUE";
                }
            }
        }

        return after.Length == 0 ? null : "it has text after its last certificate";
    }
}
