namespace Werkbank.Diagnostics;

/// <summary>"Did you mean" hints: the closest known word by edit distance, if it is close enough to be a typo.</summary>
public static class Suggest
{
    public static string DidYouMean(string actual, IEnumerable<string> candidates)
    {
        var best = Closest(actual, candidates);
        return best is null ? string.Empty : $" (did you mean '{best}'?)";
    }

    public static string? Closest(string actual, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Order(StringComparer.Ordinal))
        {
            var distance = Distance(actual.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var limit = Math.Max(2, actual.Length / 3);
        return bestDistance <= limit && bestDistance < actual.Length ? best : null; // replacing every character is no typo
    }

    /// <summary>Levenshtein distance; inputs are short keys and names, so the simple two-row version is enough.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
