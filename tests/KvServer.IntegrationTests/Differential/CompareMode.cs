namespace KvServer.IntegrationTests.Differential;

/// <summary>How two replies to the same command are compared; anything not listed in <see cref="ReplyRules"/> is <see cref="Exact"/>.</summary>
public enum CompareMode
{
    /// <summary>Byte for byte.</summary>
    Exact,

    /// <summary>Same aggregate type and size, elements compared as a multiset (hashtable iteration order).</summary>
    Sorted,

    /// <summary>Like <see cref="Sorted"/>, with elements taken as field/value pairs (HGETALL, maps).</summary>
    SortedPairs,

    /// <summary>A [cursor, elements] reply: cursor exact, elements as a multiset.</summary>
    Scan,

    /// <summary>A [cursor, pairs] reply: cursor exact, field/value (member/score) pairs as a multiset.</summary>
    ScanPairs,

    /// <summary>Same type and element count only (random results: RANDOMKEY, SRANDMEMBER, TIME, ...).</summary>
    Shape,

    /// <summary>Integers within a tolerance when both are non-negative (TTLs measured on two clocks).</summary>
    Approximate,

    /// <summary>Only "both errors" or "both not errors" (INFO, HELLO, CLIENT LIST: server-specific content).</summary>
    Ignore,
}
