using Werkbank.Inventory.Documents;
using Werkbank.Model;
using Werkbank.Validation;

namespace Werkbank.Authoring;

/// <summary>
/// The wizard's live checks, one per answer: null when the answer is fine, else why not, in the
/// words of the matching diagnostic. The written file is validated again as a whole afterwards.
/// </summary>
public sealed class AnswerRules(PlatformModel model, IReadOnlySet<string> existingUsers)
{
    public PlatformModel Model => model;

    public string? Username(string name)
    {
        if (!Slug.IsValid(name))
        {
            return $"'{name}' is not a valid user name: a lowercase letter, then up to 30 lowercase letters, digits or '-', not ending in '-'";
        }

        if (existingUsers.Contains(name))
        {
            return $"user '{name}' already exists";
        }

        return NameRules.IsReserved(name) ? $"'{name}' is reserved on Linux or by the platform" : null;
    }

    public string? FullName(string name) =>
        string.IsNullOrWhiteSpace(name) ? "the full name is empty"
        : name.Any(char.IsControl) ? "the full name contains a control character"
        : name.Length > 100 ? "the full name is longer than 100 characters" : null;

    public string? Email(string email)
    {
        if (!UserRules.IsValidEmail(email))
        {
            return $"'{email}' is not a valid email address";
        }

        var owner = model.Users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        return owner is null ? null : $"email '{email}' is already used by user '{owner.Name}'";
    }

    public string? Role(string role) =>
        model.Roles.Any(r => r.Name == role) ? null : $"unknown role '{role}' (known: {string.Join(", ", model.Roles.Select(r => r.Name))})";

    public string? Teams(IEnumerable<string> teams) =>
        teams.FirstOrDefault(t => !model.Teams.Any(m => m.Name == t)) is { } unknown
            ? $"unknown team '{unknown}' (known: {string.Join(", ", model.Teams.Select(t => t.Name))})" : null;

    public string? Flavor(string flavor) =>
        model.Platform.Flavors.ContainsKey(flavor) ? null : $"unknown flavor '{flavor}' (known: {string.Join(", ", model.Platform.Flavors.Keys)})";

    /// <summary>GPUs of the Proxmox hosts not yet given to a present user.</summary>
    public int FreeGpus =>
        model.Hosts.Where(h => h.Kind == HostKind.Proxmox).Sum(h => h.Gpus.Length) - model.PresentUsers.Sum(u => u.Gpus);

    public string? Gpus(string role, int gpus)
    {
        if (gpus == 0)
        {
            return null;
        }

        if (!model.Role(role).AllowsGpu)
        {
            return $"role '{role}' does not allow passthrough GPUs";
        }

        return gpus < 0 || gpus > FreeGpus ? $"{gpus} GPU(s) asked, but the Proxmox hosts have {FreeGpus} free" : null;
    }

    public string? Local(string role, IEnumerable<string> local) =>
        local.FirstOrDefault(s => !model.Role(role).Local.Contains(s, StringComparer.Ordinal)) is { } service
            ? $"local service '{service}' is not allowed by role '{role}' (allowed: {string.Join(", ", model.Role(role).Local)})" : null;

    /// <summary>An SSH key answer: the key line itself, or the path of a .pub file holding it.</summary>
    public static (string? Key, string? Problem) SshKey(string answer)
    {
        var text = answer.Trim();
        var path = text.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), text[2..])
            : text;
        if (!text.StartsWith("ssh-", StringComparison.Ordinal) && !text.StartsWith("ecdsa-", StringComparison.Ordinal)
            && !text.StartsWith("sk-", StringComparison.Ordinal) && File.Exists(path))
        {
            text = File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;
        }

        else if (!text.Contains(' ', StringComparison.Ordinal) && (text.Contains('/', StringComparison.Ordinal) || text.EndsWith(".pub", StringComparison.Ordinal)))
        {
            return (null, $"there is no file '{text}'");
        }

        return SshPublicKey.Problem(text) is { } problem ? (null, problem) : (text, null);
    }
}
