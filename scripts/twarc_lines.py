"""Writes Twitter API v1.1 tweets as twarc writes them (one JSON object per line, the
full tweet and user objects with the fields the API returns, a third of them retweets
carrying the retweeted tweet, some replies, mentions, hashtags and links), for
`scripts/bench_twarc.sh`.

    python twarc_lines.py MEGABYTES OUT.jsonl [--seed S]
"""

import json
import random
import sys

megabytes, out = float(sys.argv[1]), sys.argv[2]
seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
rng = random.Random(seed)
WORDS = "the of and to in is you that it he was for on are as with his they at be this from have or by one had not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know".split()
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
users = [
    {
        "id": 10_000_000 + i, "id_str": str(10_000_000 + i), "name": f"User {i} ✓",
        "screen_name": f"user_{i}", "location": rng.choice(["Ankara", "Moskva", "北京", "", "Caracas"]),
        "description": " ".join(rng.choice(WORDS) for _ in range(12)), "url": None,
        "entities": {"description": {"urls": []}}, "protected": False,
        "followers_count": rng.randint(0, 50000), "friends_count": rng.randint(0, 3000),
        "listed_count": rng.randint(0, 20), "created_at": f"{rng.choice(DAYS)} {rng.choice(MONTHS)} {rng.randint(1, 28):02d} 12:00:00 +0000 {rng.randint(2009, 2019)}",
        "favourites_count": rng.randint(0, 9000), "utc_offset": None, "time_zone": None, "geo_enabled": False,
        "verified": False, "statuses_count": rng.randint(1, 90000), "lang": None, "contributors_enabled": False,
        "is_translator": False, "is_translation_enabled": False, "profile_background_color": "F5F8FA",
        "profile_background_image_url": None, "profile_background_image_url_https": None,
        "profile_background_tile": False, "profile_image_url": f"http://pbs.twimg.com/profile_images/{i}/a_normal.jpg",
        "profile_image_url_https": f"https://pbs.twimg.com/profile_images/{i}/a_normal.jpg",
        "profile_link_color": "1DA1F2", "profile_sidebar_border_color": "C0DEED", "profile_sidebar_fill_color": "DDEEF6",
        "profile_text_color": "333333", "profile_use_background_image": True, "has_extended_profile": False,
        "default_profile": True, "default_profile_image": False, "following": None, "follow_request_sent": None,
        "notifications": None, "translator_type": "none",
    }
    for i in range(20000)
]


def tweet(tid, user, when):
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 30))]
    mentioned = rng.sample(users, rng.randint(0, 2))
    tags = [rng.choice(WORDS) for _ in range(rng.randint(0, 2))]
    links = [f"https://example.org/{rng.randint(0, 99999)}" for _ in range(rng.randint(0, 1))]
    text = " ".join(["@" + m["screen_name"] for m in mentioned] + words + ["#" + t for t in tags] + ["https://t.co/abc" for _ in links])
    return {
        "created_at": f"{DAYS[when % 7]} {MONTHS[when % 12]} {1 + when % 28:02d} {when % 24:02d}:{when % 60:02d}:00 +0000 {2016 + when % 4}",
        "id": tid, "id_str": str(tid), "full_text": text, "truncated": False, "display_text_range": [0, len(text)],
        "entities": {
            "hashtags": [{"text": t, "indices": [0, 1]} for t in tags], "symbols": [],
            "user_mentions": [{"screen_name": m["screen_name"], "name": m["name"], "id": m["id"], "id_str": m["id_str"], "indices": [0, 1]} for m in mentioned],
            "urls": [{"url": "https://t.co/abc", "expanded_url": u, "display_url": u[8:], "indices": [0, 1]} for u in links],
        },
        "source": '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
        "in_reply_to_status_id": None, "in_reply_to_status_id_str": None, "in_reply_to_user_id": None,
        "in_reply_to_user_id_str": None, "in_reply_to_screen_name": None, "user": user, "geo": None,
        "coordinates": None, "place": None, "contributors": None, "is_quote_status": False,
        "retweet_count": rng.randint(0, 100), "favorite_count": rng.randint(0, 300), "favorited": False,
        "retweeted": False, "possibly_sensitive": False, "lang": rng.choice(["en", "tr", "ru", "und"]),
    }


written = 0
tid = 1_000_000_000_000_000_000
with open(out, "w", encoding="utf-8") as f:
    n = 0
    while written < megabytes * 1e6:
        n += 1
        t = tweet(tid + n, rng.choice(users), n)
        r = rng.random()
        if r < 0.33:
            original = tweet(tid - n, rng.choice(users), n + 7)
            t["retweeted_status"] = original
            t["full_text"] = "RT @" + original["user"]["screen_name"] + ": " + original["full_text"]
        elif r < 0.45:
            to = rng.choice(users)
            t["in_reply_to_status_id"] = tid + n - 1
            t["in_reply_to_status_id_str"] = str(tid + n - 1)
            t["in_reply_to_user_id"] = to["id"]
            t["in_reply_to_user_id_str"] = to["id_str"]
            t["in_reply_to_screen_name"] = to["screen_name"]
        line = json.dumps(t, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
print(json.dumps({"file": out, "tweets": n, "bytes": written}))
