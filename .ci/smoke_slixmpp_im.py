#!/usr/bin/env python3
"""Two real clients from Debian's packages (python3-slixmpp) against a running server: Romeo asks
Juliet for a subscription, Juliet approves and subscribes back (RFC 6121 §3), each sees the other's
presence, and they chat both ways.

usage: smoke_slixmpp_im.py HOST PORT ROMEO_JID JULIET_JID PASSWORD
"""
import asyncio
import ssl
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, name):
        super().__init__(jid, password)
        self.name = name
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.roster.auto_authorize = True   # approve incoming subscription requests
        self.roster.auto_subscribe = True   # and subscribe back
        self.seen = asyncio.Event()
        self.got = asyncio.Queue()
        self.ready = asyncio.Event()
        self.peer = None
        self.add_event_handler("session_start", self.started)
        self.add_event_handler("presence_available", self.available)
        self.add_event_handler("message", lambda m: self.got.put_nowait(str(m["body"])) if m["type"] in ("chat", "normal") else None)

    async def started(self, _):
        await self.get_roster()
        self.send_presence()
        self.ready.set()

    def available(self, p):
        if self.peer and p["from"].bare == self.peer:
            self.seen.set()


async def run(host, port, romeo_jid, juliet_jid, password):
    romeo = Client(romeo_jid, password, "romeo")
    juliet = Client(juliet_jid, password, "juliet")
    romeo.peer, juliet.peer = juliet_jid, romeo_jid
    for c in (romeo, juliet):
        c.connect(address=(host, port))
    await asyncio.wait_for(asyncio.gather(romeo.ready.wait(), juliet.ready.wait()), 30)
    romeo.send_presence(pto=juliet_jid, ptype="subscribe")
    await asyncio.wait_for(asyncio.gather(romeo.seen.wait(), juliet.seen.wait()), 30)
    subs = (romeo.client_roster[juliet_jid]["subscription"], juliet.client_roster[romeo_jid]["subscription"])
    romeo.send_message(mto=juliet_jid, mbody="But soft, what light through yonder window breaks?", mtype="chat")
    heard = await asyncio.wait_for(juliet.got.get(), 15)
    juliet.send_message(mto=romeo_jid, mbody="Wherefore art thou Romeo?", mtype="chat")
    answer = await asyncio.wait_for(romeo.got.get(), 15)
    for c in (romeo, juliet):
        c.disconnect()
    print("slixmpp IM:", {"subscriptions": subs, "juliet_heard": heard, "romeo_heard": answer})
    return subs == ("both", "both") and heard.startswith("But soft") and answer.startswith("Wherefore")


def main():
    host, port, r, j, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    ok = asyncio.get_event_loop().run_until_complete(run(host, port, r, j, pw))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
