#!/usr/bin/env python3
"""Regenerates src/KvServer.Engine/Commands/commands.json from a running Redis 7.0 server.

The file is KvServer's single declaration of every command: name, arity, flags, ACL categories,
key positions and key specs, command tips, group, summary and arguments (the COMMAND INFO and
COMMAND DOCS replies of Redis 7.0, merged per command). The engine embeds it and derives arity
errors, COMMAND, COMMAND DOCS, ACL categories and key extraction from it.

Usage: generate-command-table.py PORT > src/KvServer.Engine/Commands/commands.json
Typed RESP3 values are kept so that RESP2 and RESP3 replies can be reproduced exactly:
maps are {"%": [[k, v], ...]}, sets {"~": [...]}, everything else plain JSON.
"""
import json
import socket
import sys


class Resp3:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def send(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode() if isinstance(a, str) else a
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self.read()

    def _line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(1 << 20)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            self.buf += self.sock.recv(1 << 20)
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def read(self):
        line = self._line()
        t, rest = line[:1], line[1:]
        if t in (b"+", b"-"):
            return rest.decode()
        if t == b":":
            return int(rest)
        if t in (b"$", b"="):
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if t == b"_":
            return None
        if t in (b"*", b">"):
            return [self.read() for _ in range(int(rest))]
        if t == b"~":
            return {"~": [self.read() for _ in range(int(rest))]}
        if t == b"%":
            return {"%": [[self.read(), self.read()] for _ in range(int(rest))]}
        raise ValueError(line)


def as_dict(m):
    return {k: v for k, v in m["%"]}


def info_entry(info, docs):
    name, arity, flags, first, last, step, acl, tips, key_specs, subs = info
    entry = {
        "name": name,
        "arity": arity,
        "flags": flags["~"],
        "first_key": first,
        "last_key": last,
        "key_step": step,
        "acl_categories": acl["~"],
        "tips": tips["~"] if isinstance(tips, dict) else tips,
        "key_specs": key_specs,
        "docs": docs,
    }
    if isinstance(subs, dict):
        subs = subs["~"]
    if subs:
        sub_docs = as_dict(docs).get("subcommands")
        sub_docs = as_dict(sub_docs) if sub_docs else {}
        entry["subcommands"] = [info_entry(s, sub_docs.get(s[0])) for s in subs]
        # The subcommands' docs live in each subcommand's own entry.
        entry["docs"] = {"%": [[k, v] for k, v in docs["%"] if k != "subcommands"]}
    return entry


def main():
    r = Resp3(int(sys.argv[1]))
    r.send("HELLO", "3")
    infos = r.send("COMMAND", "INFO", *sorted(r.send("COMMAND", "LIST")))
    commands = []
    for info in sorted(infos, key=lambda i: i[0]):
        docs = as_dict(r.send("COMMAND", "DOCS", info[0]))[info[0]]
        commands.append(info_entry(info, docs))
    # One command per line keeps diffs of a regenerated table readable.
    source = "Redis " + as_dict(r.send("HELLO", "3"))["version"]
    sys.stdout.write('{"source": %s, "commands": [\n' % json.dumps(source))
    sys.stdout.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in commands))
    sys.stdout.write("\n]}\n")


if __name__ == "__main__":
    main()
