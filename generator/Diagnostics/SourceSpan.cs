namespace Werkbank.Diagnostics;

/// <summary>
/// A position in an inventory file. <see cref="File"/> is relative to the inventory folder and
/// always uses forward slashes, so diagnostics and provenance read the same on every machine.
/// Line and column are 1-based, as editors and YAML parsers count them.
/// </summary>
public readonly record struct SourceSpan(string File, int Line, int Column) : IComparable<SourceSpan>
{
    public static SourceSpan None { get; } = new(string.Empty, 0, 0);

    public static SourceSpan StartOf(string file) => new(file, 1, 1);

    public bool IsNone => File.Length == 0;

    public int CompareTo(SourceSpan other)
    {
        var byFile = string.CompareOrdinal(File, other.File);
        if (byFile != 0)
        {
            return byFile;
        }

        return Line != other.Line ? Line.CompareTo(other.Line) : Column.CompareTo(other.Column);
    }

    public override string ToString() => IsNone ? "(no file)" : $"{File}:{Line}:{Column}";
}
