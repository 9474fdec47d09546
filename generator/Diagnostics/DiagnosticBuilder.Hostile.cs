namespace Werkbank.Diagnostics;

/// <summary>INV09xx: input that is broken or hostile rather than merely wrong.</summary>
public readonly partial struct At
{
    public Diagnostic FileTooLarge(long bytes, long limit) =>
        Error("INV0901", $"file is {bytes} bytes; inventory files may be at most {limit} bytes",
            "Split the content, or check that the right file was committed.");

    public Diagnostic NotUtf8Text(string detail) =>
        Error("INV0902", $"file is not UTF-8 text: {detail}", "Save the file as UTF-8.");

    public Diagnostic NestingTooDeep(int limit) =>
        Error("INV0903", $"nesting is deeper than {limit} levels");

    public Diagnostic TooManyNodes(int limit) =>
        Error("INV0904", $"the document expands to more than {limit} values (alias expansion or a huge file)",
            "Write the values out; inventory files need no anchors.");

    public Diagnostic ScalarTooLong(int length, int limit) =>
        Error("INV0905", $"a value of {length} characters exceeds the limit of {limit}");

    public Diagnostic MultipleDocuments() =>
        Error("INV0906", "the file holds more than one YAML document", "Each inventory file is one document; remove the '---' separator.");

    public Diagnostic MergeKeyNotSupported() =>
        Error("INV0907", "merge keys ('<<') are not supported", "Write the keys out: a reviewer must see every value in the merge request.");

    public Diagnostic CustomTagNotSupported(string tag) =>
        Error("INV0908", $"the tag '{tag}' is not supported", "Inventory values are plain strings, numbers, booleans, lists and mappings.");

    public Diagnostic SymlinkOutsideInventory(string target) =>
        Error("INV0909", $"this path is a link to '{target}', outside the inventory folder", "Copy the file into the inventory instead of linking to it.");

    public Diagnostic ComplexKey() =>
        Error("INV0910", "mapping keys must be plain scalars");

    public Diagnostic TooManyAliases(int limit) =>
        Error("INV0911", $"more than {limit} alias uses in one file", "Write the values out; inventory files need no anchors.");

    public Diagnostic UnknownAlias(string alias) =>
        Error("INV0912", $"the alias '*{alias}' refers to no anchor defined before it");

    public Diagnostic SecretInInventory(string kind) =>
        Error("INV0913", $"this looks like a secret ({kind}); secrets never go into the inventory",
            "Store it as a masked, protected CI/CD variable in GitLab and let the rendered files refer to it as ${NAME}; "
            + "if it was ever pushed, rotate it: the Git history keeps it.");

    public Diagnostic TabIndentation() =>
        Error("INV0914", "a tab character indents this line; YAML indents with spaces only",
            "Replace the tab with spaces (two per level, as in the rest of the file); most editors can show whitespace.");

    public Diagnostic VmNetworkFull(string cidr, int room, int users) =>
        Error("INV0915", $"the VM network {cidr} has room for {room} VM address(es), but {users} users need one",
            "Give network.vm_cidr a shorter prefix (a bigger network), e.g. /20 for up to 4000 VMs.");
}
