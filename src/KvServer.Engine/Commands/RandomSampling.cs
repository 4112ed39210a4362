namespace KvServer.Engine.Commands;

/// <summary>Random choices shared by HRANDFIELD, SRANDMEMBER and SPOP (and ZRANDMEMBER later).</summary>
internal static class RandomSampling
{
    /// <summary>
    /// Moves a uniformly random choice of <paramref name="count"/> items to the front of
    /// <paramref name="items"/> (the first steps of a Fisher-Yates shuffle).
    /// </summary>
    public static void PartialShuffle(int[] items, int count, Random random)
    {
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, items.Length);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
