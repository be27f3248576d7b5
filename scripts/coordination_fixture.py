#!/usr/bin/env python3
"""Writes tests/fixtures/coordination/coord_052020_tweets_csv_hashed.csv: 292 tweets in
the release format with planted coordination (accounts 0-7 retweet the same tweets
within 2 minutes, 8-13 post the same texts with case, spacing and @mention changes,
14-19 share the same links and hashtags within minutes, 30-35 reply to the same
tweets within 2 minutes, 36-41 post near-duplicate texts) among organic accounts (20-29)
whose retweets spread over hours. scripts/check_coordination.sh computes the
coordination-network-toolkit's networks of it (the toolkit_*.csv beside it), which
tests/coordination.rs compares ioscope's with, edge for edge.
"""
import csv, random
random.seed(7)
H='"tweetid","userid","user_display_name","user_screen_name","user_reported_location","user_profile_description","user_profile_url","follower_count","following_count","account_creation_date","account_language","tweet_language","tweet_text","tweet_time","tweet_client_name","in_reply_to_userid","in_reply_to_tweetid","quoted_tweet_tweetid","is_retweet","retweet_userid","retweet_tweetid","latitude","longitude","quote_count","reply_count","like_count","retweet_count","hashtags","urls","user_mentions","poll_choices"'
cols=[c.strip('"') for c in H.split(',')]
rows=[]; tid=[1000]
def t(m):  # minutes from 2020-03-01 00:00
    d,mm=divmod(m,1440); h,mi=divmod(mm,60); return f"2020-03-{1+d:02d} {h:02d}:{mi:02d}"
def add(user, minute, text='', rt=None, urls=(), tags=(), reply=None):
    tid[0]+=1
    r={c:'' for c in cols}
    r.update(tweetid=str(tid[0]), userid=str(5000+user), user_display_name=f'u{user}', user_screen_name=f'acct_{user}',
      follower_count='10', following_count='10', account_creation_date='2019-01-01', account_language='en', tweet_language='en',
      tweet_text=text, tweet_time=t(minute), tweet_client_name='Twitter Web App', is_retweet='true' if rt else 'false',
      in_reply_to_userid='4001' if reply else '', in_reply_to_tweetid=str(reply) if reply else '',
      retweet_userid='4000' if rt else '', retweet_tweetid=str(rt) if rt else '', quote_count='0', reply_count='0', like_count='0', retweet_count='0',
      hashtags='['+', '.join(tags)+']' if tags else '', urls='['+', '.join(f"'{u}'" for u in urls)+']' if urls else '', user_mentions='')
    rows.append(r)
# Coordinated retweeters 0-7: bursts on 12 originals, within 0-2 minutes
for k in range(12):
    base=300*k
    for u in range(8):
        if random.random()<0.85: add(u, base+random.randint(0,2), rt=900000+k)
# Organic retweeters 20-29: same originals, spread over hours
for k in range(12):
    for u in range(20,30):
        if random.random()<0.5: add(u, 300*k+random.randint(0,600), rt=900000+k)
# Copy-paste texts by 8-13, with case, spacing and mention changes
texts=['Stand with the people of the city','The truth about the protests is hidden','Read this before you share anything']
for k,txt in enumerate(texts*3):
    base=5000+200*k
    for u in range(8,14):
        v=txt if u%2 else txt.upper()
        if u%3==0: v='@someone '+v.replace(' ','  ')
        add(u, base+random.randint(0,3), text=v)
# Organic texts
for u in range(20,30):
    for j in range(5): add(u, random.randint(0,9000), text=f'my own words {u} {j}')
# Shared links by 14-19 within minutes, and hashtags sequences
for k in range(6):
    base=8000+100*k
    for u in range(14,20):
        add(u, base+random.randint(0,2), text=f'look {u} {k}', urls=[f'https://news.example/{k}', 'https://t.co/same'] if u%2 else [f'https://news.example/{k}'], tags=['#Tag1','#Tag2'])
# Co-replies: 30-35 reply to the same tweets within 0-2 minutes; organic 20-29 reply
# to them over hours
for k in range(8):
    base=11000+150*k
    for u in range(30,36):
        if random.random()<0.9: add(u, base+random.randint(0,2), text=f'reply {u} {k}', reply=800000+k)
    for u in range(20,30):
        if random.random()<0.4: add(u, base+random.randint(0,900), text=f'organic reply {u} {k}', reply=800000+k)
# Near-duplicates: 36-41 post a 20-word text with one word changed, within 0-2 minutes
words=['alpha','bravo','charlie','delta','echo','foxtrot','golf','hotel','india','juliet','kilo','lima','mike','november','oscar','papa','quebec','romeo','sierra','tango']
for k in range(7):
    base=13000+150*k
    for u in range(36,42):
        if random.random()<0.9:
            w=[x+str(k) for x in words]; w[random.randrange(20)]=f'changed{u}'
            add(u, base+random.randint(0,2), text=' '.join(w))
rows.sort(key=lambda r:(r['tweet_time'], r['tweetid']))
import sys
with open(sys.argv[1] if len(sys.argv) > 1 else 'coord_052020_tweets_csv_hashed.csv','w',newline='',encoding='utf-8') as f:
    w=csv.DictWriter(f,fieldnames=cols,quoting=csv.QUOTE_ALL); w.writeheader(); w.writerows(rows)
print(len(rows))
