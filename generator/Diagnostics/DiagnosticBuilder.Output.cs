namespace Werkbank.Diagnostics;

/// <summary>INV08xx: rendering and writing out/. These point at a bug or a broken template, not at the inventory.</summary>
public readonly partial struct At
{
    public Diagnostic OutputDoesNotParse(string path, string detail) =>
        Error("INV0801", $"generated file '{path}' does not parse back: {detail}",
            "This is a bug in the generator or in an edited template; out/ was left unchanged.");

    public Diagnostic TemplateFailed(string detail) =>
        Error("INV0802", $"template error: {detail}", "Fix the template; out/ was left unchanged.");

    public Diagnostic WriteFailed(string path, string detail) =>
        Error("INV0803", $"cannot write '{path}': {detail}", "out/ was left unchanged.");

    public Diagnostic TargetFailed(string target, string detail) =>
        Error("INV0804", $"target '{target}' failed: {detail}", "This is a bug in the generator; out/ was left unchanged.");
}
