Creator "igraph version 1.0.0 Wed Dec  2 07:09:39 2026"
Version 1
graph
[
  directed 0
  node
  [
    id 0
    name "a"
  ]
  node
  [
    id 1
    name "b"
  ]
  node
  [
    id 2
    name "c"
  ]
  node
  [
    id 3
    name "d"
  ]
  edge
  [
    source 1
    target 0
    weight 1
  ]
  edge
  [
    source 2
    target 1
    weight 2
  ]
  edge
  [
    source 3
    target 2
    weight 3
  ]
  edge
  [
    source 3
    target 0
    weight 4
  ]
  edge
  [
    source 2
    target 0
    weight 5
  ]
]
