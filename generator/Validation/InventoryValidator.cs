using Werkbank.Diagnostics;
using Werkbank.Inventory;

namespace Werkbank.Validation;

/// <summary>
/// Stage 2: every rule over the loaded inventory. Rules only add diagnostics; they never stop early,
/// so one run shows every problem. Each rule lives in its own small class beside this one.
/// </summary>
public static class InventoryValidator
{
    public static void Validate(InventorySet set, DiagnosticBag diagnostics)
    {
        // The rules only read the inventory: they run side by side, each into its own list (the
        // diagnostics are sorted before anyone sees them, so the order of the lists does not matter).
        Action<List<Diagnostic>>[] rules =
        [
            found => PlatformRules.Check(set, found),
            found => TlsRules.Check(set, found),
            found => HostRules.Check(set, found),
            found => ServiceRules.Check(set, found),
            found => PlacementRules.Check(set, found),
            found => RoleRules.Check(set, found),
            found => TeamRules.Check(set, found),
            found => KnowledgeRules.Check(set, found),
            found => UserRules.Check(set, found),
            found => NameRules.Check(set, found),
            found => LedgerRules.Check(set, found),
            found => AccessRules.Check(set, found),
        ];
        var results = new List<Diagnostic>[rules.Length];
        Parallel.For(0, rules.Length, i =>
        {
            results[i] = [];
            rules[i](results[i]);
        });
        foreach (var found in results)
        {
            diagnostics.AddRange(found);
        }
    }
}
