using System.Text.RegularExpressions;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Inventory.Documents;

namespace Werkbank.Validation;

internal static partial class UserRules
{
    // Deliberately narrower than RFC 5322: these addresses land in Keycloak, Git and SQL unquoted.
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\z")]
    private static partial Regex EmailPattern();

    public static bool IsValidEmail(string email) => email.Length <= 254 && EmailPattern().IsMatch(email);

    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        // Each user is checked on their own, side by side (10,000 users: the longest of the rules, and
        // it ran alone); only a repeated e-mail address needs the users in order, checked after.
        var users = set.Users.ToArray();
        var perUser = new List<Diagnostic>[users.Length];
        var validEmail = new bool[users.Length];
        Parallel.For(0, users.Length, i =>
        {
            var user = users[i].Value;
            var own = perUser[i] = [];
            validEmail[i] = CheckIdentity(user, own);
            var role = CheckRole(set, user, own);
            CheckTeams(set, user, own);
            CheckVm(set, user, role, own);
            CheckLocal(user, role, own);
            for (var k = 0; k < user.SshKeys.Count; k++)
            {
                if (SshPublicKey.Problem(user.SshKeys[k]) is { } problem)
                {
                    own.Add(DiagnosticBuilder.At(user.SpanOf("ssh_keys", k)).InvalidSshKey(problem));
                }
            }
        });

        var emails = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < users.Length; i++)
        {
            var (name, user) = users[i];
            found.AddRange(perUser[i]);
            if (validEmail[i] && !emails.TryAdd(user.Email, name))
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("email")).DuplicateEmail(user.Email, emails[user.Email]));
            }
        }
    }

    /// <returns>Whether the user has a valid e-mail address (whose uniqueness <see cref="Check"/> checks).</returns>
    private static bool CheckIdentity(UserDocument user, List<Diagnostic> found)
    {
        if (user.Has("full_name"))
        {
            if (string.IsNullOrWhiteSpace(user.FullName))
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("full_name")).InvalidFullName("it is empty"));
            }
            else if (TextRules.HasUnsafeCharacter(user.FullName))
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("full_name")).InvalidFullName("it " + TextRules.UnsafeCharacterReason));
            }
            else if (TextRules.HasPlaceholder(user.FullName))
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("full_name")).InvalidFullName("it " + TextRules.PlaceholderReason));
            }
            else if (user.FullName.Length > 100)
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("full_name")).InvalidFullName("it is longer than 100 characters"));
            }
        }

        if (user.Has("email"))
        {
            if (!IsValidEmail(user.Email))
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("email")).InvalidEmail(user.Email));
                return false;
            }

            return true;
        }

        return false;
    }

    private static RoleDocument? CheckRole(InventorySet set, UserDocument user, List<Diagnostic> found)
    {
        if (!user.Has("role") || !set.IsLoaded(InventoryFiles.Roles)) // no usable roles.yaml: INV0007 or its own error says it once
        {
            return null;
        }

        if (set.Roles.TryGetValue(user.Role, out var role))
        {
            return role;
        }

        found.Add(DiagnosticBuilder.At(user.SpanOf("role")).UnknownRole(user.Role, set.Roles.Keys));
        return null;
    }

    private static void CheckTeams(InventorySet set, UserDocument user, List<Diagnostic> found)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < user.Teams.Count; i++)
        {
            var team = user.Teams[i];
            var span = user.SpanOf("teams", i);
            if (!seen.Add(team))
            {
                found.Add(DiagnosticBuilder.At(span).ListedTwice(team));
            }
            else if (!set.Teams.ContainsKey(team) && !set.Broken.Contains(InventoryFiles.TeamFile(team)))
            {
                found.Add(DiagnosticBuilder.At(span).UnknownTeam(team, set.Teams.Keys));
            }
        }
    }

    private static void CheckVm(InventorySet set, UserDocument user, RoleDocument? role, List<Diagnostic> found)
    {
        if (user.Vm is not { } vm)
        {
            return;
        }

        if (vm.Flavor is { } flavor && set.Platform is { } platform && !platform.Flavors.ContainsKey(flavor))
        {
            found.Add(DiagnosticBuilder.At(vm.SpanOf("flavor")).UnknownFlavor(flavor, platform.Flavors.Keys));
        }

        if (vm.Gpus > 0 && role is { Gpu: false })
        {
            found.Add(DiagnosticBuilder.At(vm.SpanOf("gpus")).GpusNotAllowed(user.Role));
        }

        if (vm.Host is { } host)
        {
            if (!set.Hosts.TryGetValue(host, out var pinned))
            {
                found.Add(DiagnosticBuilder.At(vm.SpanOf("host")).UnknownHost(host, set.Hosts.Where(h => h.Value.Kind == "proxmox").Select(h => h.Key)));
            }
            else if (pinned.Kind != "proxmox")
            {
                found.Add(DiagnosticBuilder.At(vm.SpanOf("host")).WrongHostKind(host, pinned.Kind, "a proxmox host"));
            }
        }
    }

    private static void CheckLocal(UserDocument user, RoleDocument? role, List<Diagnostic> found)
    {
        if (user.Local is not { } local)
        {
            return;
        }

        LocalList.Check(local, user, "local", found);
        if (role is null)
        {
            return;
        }

        for (var i = 0; i < local.Count; i++)
        {
            if (Model.ServiceCatalog.Local.Contains(local[i], StringComparer.Ordinal) && !role.Local.Contains(local[i], StringComparer.Ordinal))
            {
                found.Add(DiagnosticBuilder.At(user.SpanOf("local", i)).LocalServiceNotAllowed(local[i], user.Role, role.Local));
            }
        }
    }
}
