using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Werkbank.Diagnostics;
using Werkbank.Inventory;

namespace Werkbank.Validation;

internal static partial class PlatformRules
{
    [GeneratedRegex(@"^(?=.{1,253}\z)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?\z")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^(UTC|[A-Z][A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2})\z")]
    private static partial Regex TimezonePattern();

    [GeneratedRegex(@"^[a-z]{2,3}_[A-Z]{2}\.UTF-8\z")]
    private static partial Regex LocalePattern();

    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        if (set.Platform is not { } platform)
        {
            return;
        }

        if (platform.Has("domain") && !DomainPattern().IsMatch(platform.Domain))
        {
            found.Add(DiagnosticBuilder.At(platform.SpanOf("domain")).InvalidDomain(platform.Domain));
        }

        if (platform.Realm is { } realm && !Werkbank.Inventory.Documents.Slug.IsValid(realm))
        {
            found.Add(DiagnosticBuilder.At(platform.SpanOf("realm")).InvalidName("realm", realm));
        }

        if (platform.Timezone is { } zone && !TimezonePattern().IsMatch(zone))
        {
            found.Add(DiagnosticBuilder.At(platform.SpanOf("timezone")).InvalidTimezoneOrLocale("time zone", zone, "Europe/Berlin"));
        }

        if (platform.Locale is { } locale && !LocalePattern().IsMatch(locale))
        {
            found.Add(DiagnosticBuilder.At(platform.SpanOf("locale")).InvalidTimezoneOrLocale("locale", locale, "de_DE.UTF-8"));
        }

        var network = platform.Network;
        string? error = null;
        if (network.Has("vm_cidr") && NetworkMath.ParseCidr(network.VmCidr, out error) is { } cidr)
        {
            if (network.Has("gateway") && Addresses.Check(network.Gateway, network.SpanOf("gateway"), found) is { } gateway
                && !cidr.Contains(gateway))
            {
                found.Add(DiagnosticBuilder.At(network.SpanOf("gateway")).GatewayOutsideNetwork(network.Gateway, network.VmCidr));
            }
        }
        else if (network.Has("vm_cidr"))
        {
            found.Add(DiagnosticBuilder.At(network.SpanOf("vm_cidr")).InvalidCidr(network.VmCidr, error!));
        }

        for (var i = 0; i < network.Dns.Count; i++)
        {
            Addresses.Check(network.Dns[i], network.SpanOf("dns", i), found);
        }

        if (!Werkbank.Inventory.Documents.Slug.IsValid(network.Bridge) && !Regex.IsMatch(network.Bridge, "^[a-z][a-z0-9]{0,14}\\z"))
        {
            found.Add(DiagnosticBuilder.At(network.SpanOf("bridge")).InvalidName("bridge", network.Bridge));
        }

        if (platform.Has("flavors") && platform.Flavors.Count == 0)
        {
            found.Add(DiagnosticBuilder.At(platform.SpanOf("flavors")).NoFlavors());
        }

        foreach (var (name, flavor) in platform.Flavors)
        {
            if (!Werkbank.Inventory.Documents.Slug.IsValid(name))
            {
                found.Add(DiagnosticBuilder.At(flavor.Span).InvalidName("flavor", name));
            }
        }

        TextRules.CheckPlain("vm_template", platform.VmTemplate, platform.SpanOf("vm_template"), found);
    }
}

/// <summary>IPv4 address parsing shared by the rules: dotted quad only, no shorthand forms.</summary>
internal static class Addresses
{
    public static IPAddress? Check(string value, SourceSpan span, List<Diagnostic> found)
    {
        if (Parse(value) is { } address)
        {
            return address;
        }

        found.Add(DiagnosticBuilder.At(span).InvalidAddress(value));
        return null;
    }

    public static IPAddress? Parse(string value) =>
        value.Count(c => c == '.') == 3 && IPAddress.TryParse(value, out var address)
            && address.AddressFamily == AddressFamily.InterNetwork && address.ToString() == value
            ? address
            : null;
}
