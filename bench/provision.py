#!/usr/bin/env python3
"""Provisions the benchmark population through Parley's admin REST API (stdlib only):
users user1..userN with password pw; users 1..R get K-contact ring rosters (contacts i±1..i±K/2
mod R, subscription both), as the shared harness's README describes.

usage: provision.py URL ADMIN PASSWORD [--users 12000] [--roster-users 2000] [--contacts 20]
"""
import argparse, base64, json, time, urllib.request


def post(url, auth, path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": "Basic " + auth})
    with urllib.request.urlopen(req, timeout=900) as r:
        return json.loads(r.read().decode() or "{}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url"); ap.add_argument("admin"); ap.add_argument("password")
    ap.add_argument("--users", type=int, default=12000)
    ap.add_argument("--roster-users", type=int, default=2000)
    ap.add_argument("--contacts", type=int, default=20)
    ap.add_argument("--password-of-users", default="pw")
    a = ap.parse_args()
    auth = base64.b64encode(f"{a.admin}:{a.password}".encode()).decode()
    t0 = time.time()
    users = [{"username": f"user{i}", "password": a.password_of_users} for i in range(1, a.users + 1)]
    created = 0
    for i in range(0, len(users), 4000):
        created += post(a.url, auth, "/api/users/bulk", {"users": users[i:i + 4000]}).get("created", 0)
    t1 = time.time()
    items = []
    r, k = a.roster_users, a.contacts
    for i in range(1, r + 1):
        for d in range(1, k // 2 + 1):
            for j in ((i - 1 + d) % r + 1, (i - 1 - d) % r + 1):
                items.append({"owner": f"user{i}", "contact": f"user{j}@localhost", "subscription": "both"})
    set_items = 0
    for i in range(0, len(items), 10000):
        res = post(a.url, auth, "/api/rosters/bulk", {"items": items[i:i + 10000]})
        set_items += res.get("set", res.get("created", 0))
    t2 = time.time()
    print(json.dumps({"users_created": created, "users_s": round(t1 - t0, 1),
                      "roster_items": len(items), "roster_items_set": set_items, "rosters_s": round(t2 - t1, 1),
                      "total_s": round(t2 - t0, 1)}))


if __name__ == "__main__":
    main()
