using Werkbank.Output;

namespace Werkbank.Targets.Tls;

/// <summary>
/// out/tls/ca.pem: the internal CA (platform.tls.ca_certificate), when there is one. The compose files
/// mount the folder into the containers that call other services over https; admins hand the same file
/// to browsers and laptops.
/// </summary>
public sealed class TlsTarget : ITarget
{
    public string Name => "tls";

    public void Render(RenderContext context, OutputSink output)
    {
        var certificates = context.Model.Platform.InternalCa;
        if (!certificates.IsEmpty)
        {
            output.Add(OutputFile.Text(GatewayTls.CaFile, string.Join("\n", certificates), Source.Platform));
        }
    }
}
