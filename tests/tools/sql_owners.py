#!/usr/bin/env python3
"""One owner per table: fails when SQL appears outside the module that owns
its table.

The map is src/store/table_owners.txt (table, owning module). Every C and
C++ file under src/<module>/ is read for string literals (adjacent literals
joined, as the compiler joins them; comments skipped). A literal is SQL when
it holds an SQL keyword in capitals (SELECT, INSERT, UPDATE, DELETE, FROM,
JOIN, INTO, PRAGMA, BEGIN ...) followed by a blank, a parenthesis or its
end, which is how this code base writes SQL and how it never writes prose
("FROM..TO" in a help text is not SQL). Then:

  - SQL in src/store may name any table (the schema and its upgrades);
  - SQL anywhere else may name only tables its module owns, and a module
    that owns no table may hold no SQL at all;
  - no code outside src/store calls SQLite's C API (sqlite3_...);
  - SQL outside src/store is portable: none of SQLite's own words
    (INSERT OR ..., rowid, PRAGMA, GLOB, strftime, group_concat, ...), so
    that it runs unchanged on PostgreSQL (src/store/README.md, "Portable
    SQL"); what differs between the backends lives in src/store;
  - the map lists every table the migrations create, exactly once, and only
    those, each with a module that exists.

Usage: sql_owners.py SOURCE_DIR            check the tree
       sql_owners.py --self-test SOURCE_DIR check the tree, then check that a
                                            planted violation in a copy of it
                                            is caught

Exit status 0 when every rule holds, 1 with one line per violation.
"""

import os
import re
import shutil
import sys
import tempfile

SQL_KEYWORD = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|"
    r"ROLLBACK|SAVEPOINT|RELEASE|WITH|FROM|JOIN|INTO|WHERE|VALUES)(?=[\s(]|$)")
SQLITE_API = re.compile(r"\bsqlite3_\w+")
# SQLite's own SQL, which PostgreSQL does not take (or takes differently).
SQLITE_ONLY = re.compile(
    r"\bINSERT\s+OR\s+\w+|\bREPLACE\s+INTO\b|\browid\b|\blast_insert_rowid\b|\bPRAGMA\b|"
    r"\bGLOB\b|\bAUTOINCREMENT\b|\bsqlite_\w+|\b(?:strftime|julianday|datetime|typeof|ifnull|"
    r"group_concat|instr|randomblob|json_valid|printf)\s*\(|\bBEGIN\s+(?:IMMEDIATE|DEFERRED|"
    r"EXCLUSIVE)\b|\bLIMIT\s+-1\b",
    re.I)
SOURCE_SUFFIXES = (".cc", ".h", ".cpp", ".hpp")


def read_map(path):
    owners, problems = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                problems.append(f"{path}:{n}: expected 'table module', got {line!r}")
                continue
            table, module = parts
            if table in owners:
                problems.append(f"{path}:{n}: table {table} is listed twice")
            owners[table] = module
    return owners, problems


def created_tables(migrations_dir):
    tables = set()
    for name in sorted(os.listdir(migrations_dir)):
        if not name.endswith(".sql"):
            continue
        with open(os.path.join(migrations_dir, name), encoding="utf-8") as f:
            text = re.sub(r"--[^\n]*", "", f.read())
        # In the order written: a table rebuilt (0015) is made under a new
        # name, the old one dropped and the new one renamed.
        for m in re.finditer(
            r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)"
            r"|DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)"
            r"|ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)",
            text,
            re.I,
        ):
            if m.group(1):
                tables.add(m.group(1))
            elif m.group(2):
                tables.discard(m.group(2))
            else:
                tables.discard(m.group(3))
                tables.add(m.group(4))
    return tables


def literals(text):
    """Yields (line, literal) for each string literal, adjacent ones joined;
    comments and character literals are skipped."""
    i, n, line = 0, len(text), 1
    pending, pending_line, gap_ok = None, 0, False
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
            continue
        raw = re.match(r'(?:u8|u|U|L)?R"([^(\s]*)\(', text[i:i + 40])
        if raw:
            end = text.find(")" + raw.group(1) + '"', i + raw.end())
            end = n if end < 0 else end
            body = text[i + raw.end():end]
            start_line = line
            line += text.count("\n", i, end)
            i = end + len(raw.group(1)) + 2
            if pending is not None:
                pending += body
            else:
                pending, pending_line = body, start_line
            continue
        prefix = re.match(r'(?:u8|u|U|L)?"', text[i:i + 3])
        if prefix:
            j = i + prefix.end()
            body = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    body.append(text[j:j + 2])
                    j += 2
                    continue
                if text[j] == "\n":  # an unterminated literal: give up on it
                    break
                body.append(text[j])
                j += 1
            if pending is not None:
                pending += "".join(body)
            else:
                pending, pending_line = "".join(body), line
            i = j + 1
            continue
        if c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        else:
            # Anything else ends a run of adjacent literals. Identifiers and
            # numbers are skipped whole (so that u8 in foo_u8"..." is not
            # read as a prefix).
            m = re.match(r"\w+", text[i:i + 200])
            i += m.end() if m else 1
        if pending is not None:
            yield pending_line, pending
            pending = None
    if pending is not None:
        yield pending_line, pending


def check(src_dir):
    src = os.path.join(src_dir, "src")
    map_path = os.path.join(src, "store", "table_owners.txt")
    owners, problems = read_map(map_path)
    modules = {d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d))}

    # SQLite's migrations, and PostgreSQL's baseline and twins.
    created = created_tables(os.path.join(src, "store", "migrations"))
    created |= created_tables(os.path.join(src, "store", "migrations", "postgresql"))
    for table in sorted(created - owners.keys()):
        problems.append(f"{map_path}: table {table} (made by a migration) has no owner")
    for table in sorted(owners.keys() - created):
        problems.append(f"{map_path}: table {table} is not made by any migration")
    for table, module in sorted(owners.items()):
        if module not in modules:
            problems.append(f"{map_path}: table {table}: there is no module src/{module}")

    table_word = re.compile(r"\b(" + "|".join(sorted(owners, key=len, reverse=True)) + r")\b")
    for module in sorted(modules):
        owned = {t for t, m in owners.items() if m == module}
        for root, _, files in os.walk(os.path.join(src, module)):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(root, name)
                rel = os.path.relpath(path, src_dir)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                if module != "store":
                    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", text, flags=re.S)
                    if SQLITE_API.search(code):
                        problems.append(f"{rel}: calls SQLite's C API ({SQLITE_API.search(code).group(0)}); "
                                        "only src/store may")
                for line, lit in literals(text):
                    if module == "store" or not SQL_KEYWORD.search(lit):
                        continue
                    shown = lit if len(lit) <= 70 else lit[:67] + "..."
                    only = SQLITE_ONLY.search(lit)
                    if only:
                        problems.append(f"{rel}:{line}: SQLite-only SQL ({only.group(0)}) in {module}: "
                                        f"\"{shown}\"; write it portably or keep it in src/store")
                    if not owned:
                        problems.append(f"{rel}:{line}: SQL in {module}, which owns no table: \"{shown}\"")
                        continue
                    for table in sorted(set(table_word.findall(lit)) - owned):
                        problems.append(f"{rel}:{line}: SQL naming {table}, which {owners[table]} owns, "
                                        f"in {module}: \"{shown}\"")
    return problems


def self_test(src_dir):
    """The check must fail on planted violations: SQL naming another module's
    table, SQL in a module that owns none, SQLite's API outside store, and a
    table missing from the map. Each is planted in a fresh copy of src/."""
    plants = {
        "foreign table": ("src/web/planted.cc",
                          'const char* kSql =\n    "SELECT actual_pence "\n    "FROM ledger";\n',
                          "SQL naming ledger, which ingest owns, in web"),
        "module without tables": ("src/report/planted.cc",
                                  'auto sql = "PRAGMA user_version";\n',
                                  "SQL in report, which owns no table"),
        "SQLite's API": ("src/engine/planted.cc", "int f() { return sqlite3_libversion_number(); }\n",
                         "calls SQLite's C API"),
        "unowned table": ("src/store/migrations/9999_planted.sql", "CREATE TABLE planted (x INTEGER);\n",
                          "table planted (made by a migration) has no owner"),
        "SQLite-only SQL": ("src/ingest/planted.cc",
                            'auto sql = "INSERT OR IGNORE INTO persons VALUES (?)";\n',
                            "SQLite-only SQL (INSERT OR IGNORE) in ingest"),
    }
    failures = []
    for what, (rel, content, expected) in plants.items():
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(src_dir, "src"), os.path.join(tmp, "src"))
            with open(os.path.join(tmp, rel), "w", encoding="utf-8") as f:
                f.write(content)
            found = check(tmp)
            if not any(expected in p for p in found):
                failures.append(f"self-test: a planted violation ({what}, {rel}) was not caught; "
                                f"the check said: {found or 'nothing'}")
    return failures


def main(argv):
    args = [a for a in argv[1:] if a != "--self-test"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(args[0])
    if not problems and "--self-test" in argv:
        problems = self_test(args[0])
    for p in problems:
        print(p)
    if problems:
        print(f"sql_owners: {len(problems)} problem(s); the map is src/store/table_owners.txt, "
              "the rule src/store/README.md", file=sys.stderr)
        return 1
    print("sql_owners: every SQL statement is in its table's owner or in src/store")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
