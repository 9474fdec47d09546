using Werkbank.Diagnostics;
using Werkbank.Inventory;

namespace Werkbank.Validation;

internal static class HostRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        foreach (var (name, host) in set.Hosts)
        {
            var at = DiagnosticBuilder.At(host.Span);
            if (host.Kind is "proxmox" or "docker" && host.Address is null)
            {
                found.Add(at.HostIncomplete(name, host.Kind, "address"));
            }

            if (host.Kind == "proxmox")
            {
                if (host.Cores is null)
                {
                    found.Add(at.HostIncomplete(name, host.Kind, "cores"));
                }

                if (host.MemoryGib is null)
                {
                    found.Add(at.HostIncomplete(name, host.Kind, "memory_gib"));
                }
            }

            if (host.Kind == "kubernetes" && host.Api is null)
            {
                found.Add(at.HostIncomplete(name, host.Kind, "api"));
            }

            if (host.Address is { } address)
            {
                Addresses.Check(address, host.SpanOf("address"), found);
            }

            if (host.Api is { } api && !(Uri.TryCreate(api, UriKind.Absolute, out var uri) && uri.Scheme == "https"))
            {
                found.Add(DiagnosticBuilder.At(host.SpanOf("api")).InvalidText("'api'", "must be an https:// URL"));
            }

            TextRules.CheckPlain("storage", host.Storage, host.SpanOf("storage"), found, 64);
            TextRules.CheckPlain("context", host.Context, host.SpanOf("context"), found, 128);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var gpu in host.Gpus)
            {
                TextRules.CheckPlain("model", gpu.Model, gpu.SpanOf("model"), found, 64);
                if (!seen.Add(gpu.Pci))
                {
                    found.Add(DiagnosticBuilder.At(gpu.SpanOf("pci")).DuplicateGpu(gpu.Pci, name));
                }
            }
        }
    }
}
