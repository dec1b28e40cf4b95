"""The copy step (functions/copy): source database → temporary database on staging →
published under its name. (Named `copying`: `copy` is the standard library's.)

- `step`: what one invocation of the copy function does;
- `engine`: prepare the temporary copy, copy a part a bounded chunk at a time, finish a table;
- `transfer`: the SQL that builds a chunk on the source and loads it on the target;
- `keys`: a cursor's key, carried as JSON between invocations;
- `publish`: the atomic RENAME into place, and taking it back;
- `names`: the temporary and parked databases a token owns on staging;
- `leftovers`: finding and dropping what handovers left there.
"""
