#!/usr/bin/env python3
"""Smoke test with a real client from Debian's packages (python3-slixmpp) against a running server:
log in over STARTTLS with SCRAM-SHA-256 and ping the server.

usage: smoke_slixmpp.py HOST PORT JID PASSWORD
"""
import asyncio
import ssl
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password, sasl_mech="SCRAM-SHA-256")
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        self.register_plugin("xep_0199")
        self.result = {}
        self.add_event_handler("session_start", self.started)
        self.add_event_handler("failed_auth", lambda *_: self.done("auth failed"))
        self.add_event_handler("auth_success", self.authed)
        self.add_event_handler("ssl_invalid_cert", lambda *_: None)

    def authed(self, _):
        self.result["mechanism"] = self["feature_mechanisms"].mech.name if self["feature_mechanisms"].mech else "?"

    async def started(self, _):
        self.result["tls"] = self.is_secure if hasattr(self, "is_secure") else None
        self.result["jid"] = str(self.boundjid)
        rtt = await self["xep_0199"].ping(self.boundjid.domain, timeout=10)
        self.result["ping"] = rtt is not None
        self.done(None)

    def done(self, error):
        self.result["error"] = error
        self.disconnect()


def main():
    host, port, jid, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    c = Client(jid, password)
    c.enable_starttls = True
    c.enable_direct_tls = False
    c.connect(address=(host, port))
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(c.disconnected, 30))
    print("slixmpp:", c.result)
    ok = c.result.get("error") is None and c.result.get("mechanism") == "SCRAM-SHA-256" and c.result.get("ping")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
