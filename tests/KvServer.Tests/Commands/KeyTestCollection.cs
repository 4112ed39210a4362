using KvServer.Engine.DataTypes;

namespace KvServer.Tests.Commands;

/// <summary>
/// A collection value for key-command tests, which must work on every type while only strings exist yet.
/// Clone records itself so COPY can be shown to copy rather than share.
/// </summary>
internal sealed class KeyTestCollection : IKvCollection
{
    public KeyTestCollection(KvType type, string encoding = "listpack")
    {
        Type = type;
        Encoding = encoding;
    }

    public KvType Type { get; }

    public string Encoding { get; }

    public long Count => 1;

    public KeyTestCollection? ClonedFrom { get; private set; }

    public IKvCollection Clone() => new KeyTestCollection(Type, Encoding) { ClonedFrom = this };
}
