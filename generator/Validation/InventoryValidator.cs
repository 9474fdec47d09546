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
        var found = new List<Diagnostic>();
        PlatformRules.Check(set, found);
        HostRules.Check(set, found);
        ServiceRules.Check(set, found);
        PlacementRules.Check(set, found);
        RoleRules.Check(set, found);
        TeamRules.Check(set, found);
        KnowledgeRules.Check(set, found);
        UserRules.Check(set, found);
        NameRules.Check(set, found);
        LedgerRules.Check(set, found);
        AccessRules.Check(set, found);
        diagnostics.AddRange(found);
    }
}
