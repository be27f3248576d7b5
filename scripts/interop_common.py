"""What the interop checks share: a check that prints one line and remembers failures,
and validation of a file against the GEXF 1.3 RELAX NG grammar or the GraphML XSD."""

failures = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")
    if not ok:
        failures.append(name)


def validate(name, schema_file, document):
    """Validates `document` against `schema_file` (`.rng`: RELAX NG, else XSD)."""
    from lxml import etree

    grammar = etree.parse(schema_file)
    schema = etree.RelaxNG(grammar) if schema_file.endswith(".rng") else etree.XMLSchema(grammar)
    valid = schema.validate(etree.parse(document))
    check(name, valid, "" if valid else str(schema.error_log.last_error))
