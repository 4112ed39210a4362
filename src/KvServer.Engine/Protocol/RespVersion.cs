namespace KvServer.Engine.Protocol;

/// <summary>The reply protocol a client negotiated with HELLO; RESP2 until it asks for more.</summary>
public enum RespVersion
{
    Resp2 = 2,
    Resp3 = 3,
}
