using Werkbank.Model;

namespace Werkbank.Access;

/// <summary>
/// The people whose accounts must be shut: users with state removed, and users whose file was deleted but
/// whose tombstone is still in the allocation ledger. Systems that never delete what their input leaves
/// out (keycloak-config-cli) get these written as disabled accounts without roles or groups.
/// </summary>
public static class RevokedAccounts
{
    public static IReadOnlyList<string> For(PlatformModel model) =>
        [.. model.Users.Where(u => u.State == UserState.Removed).Select(u => u.Name)
            .Concat(model.Tombstones.Select(t => t.User))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}
