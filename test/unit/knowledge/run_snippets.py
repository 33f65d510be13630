"""Runs technique-card snippets (JSON {name: source} on stdin) in one interpreter, each in a fresh namespace and
an empty temporary directory; prints {name: error} for the ones that fail. One process: importing torch once
keeps the whole corpus to seconds instead of minutes."""
import json, os, sys, tempfile, traceback, io, contextlib
snippets = json.load(sys.stdin)
failures = {}
for name, src in snippets.items():
    work = tempfile.mkdtemp()
    cwd = os.getcwd()
    os.chdir(work)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(src, name, "exec"), {"__name__": "__main__"})
    except SystemExit as e:
        if e.code not in (None, 0):
            failures[name] = f"exit {e.code}"
    except BaseException:
        failures[name] = traceback.format_exc(limit=3)
    finally:
        os.chdir(cwd)
print(json.dumps(failures))
