graph [
  directed 1
  node [
    id 0
    label "alice"
    lang "en"
    score 1.5
  ]
  node [
    id 1
    label "bob"
    lang "tr"
    score 2.0
  ]
  node [
    id 2
    label "carol &#34;c&#34; &#38; co"
    lang "tr"
    score 0.5
  ]
  edge [
    source 0
    target 1
    weight 2.0
    type "retweet"
  ]
  edge [
    source 1
    target 2
    weight 1.0
    type "mention"
  ]
  edge [
    source 2
    target 0
    weight 0.5
    type "retweet"
  ]
]
