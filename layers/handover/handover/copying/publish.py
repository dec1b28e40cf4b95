"""Publishing a verified copy, and taking it back.

Publishing is one `RENAME TABLE` statement, atomic on the server: nobody sees a half-copied
database under the final name. A database already there (a re-handover) is swapped into a
parking database in the same statement, and dropped only after registration succeeds
(`finish_replacement`); a registration that fails swaps it back (`unpublish`).
"""

from __future__ import annotations

import re

import pymysql

from handover.copying.names import replaced_database, temporary_database
from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import (
    connect,
    database_exists,
    drop_database,
    fetch_one,
    list_tables,
    quote_identifier,
)
from handover.errors import CopyFailed

Connection = pymysql.connections.Connection


def publish_copy(
    src: Connection, tgt: Connection, source_db: str, final_db: str, token: str
) -> None:
    """Move the token's verified temporary copy under `final_db`, then create the views and
    drop the temporary database. Safe to retry at any point."""
    tmp_db = temporary_database(token)
    tables, _views = list_tables(src, source_db)
    if not database_exists(tgt, tmp_db):
        if database_exists(tgt, final_db):
            return
        raise CopyFailed(f"the temporary copy {tmp_db} has gone before it was published")
    final, tmp = quote_identifier(final_db), quote_identifier(tmp_db)
    old = quote_identifier(replaced_database(token))
    with tgt.cursor() as cur:
        if tables and not set(list_tables(tgt, tmp_db)[0]) & set(tables):
            # The RENAME (atomic) is done: an invocation died before it dropped the empty
            # temporary database. Renaming again would park the new copy as the old one.
            _finish_publish(src, cur, source_db, final_db, tmp_db)
            return
        renames = [f"{tmp}.{quote_identifier(t)} TO {final}.{quote_identifier(t)}" for t in tables]
        if database_exists(tgt, final_db):
            old_tables, old_views = list_tables(tgt, final_db)
            for view in old_views:
                cur.execute(f"DROP VIEW {final}.{quote_identifier(view)}")
            cur.execute(f"CREATE DATABASE IF NOT EXISTS {old}")
            renames = [
                f"{final}.{quote_identifier(t)} TO {old}.{quote_identifier(t)}" for t in old_tables
            ] + renames
        else:
            cur.execute(f"CREATE DATABASE {final} CHARACTER SET {_charset(tgt, tmp_db)}")
        if renames:
            cur.execute("RENAME TABLE " + ", ".join(renames))
        _finish_publish(src, cur, source_db, final_db, tmp_db)


def _finish_publish(
    src: Connection, cur: pymysql.cursors.Cursor, source_db: str, final_db: str, tmp_db: str
) -> None:
    """Create the views in the published database, then drop the temporary one."""
    cur.execute(f"USE {quote_identifier(final_db)}")
    for definition in _view_definitions(src, source_db):
        cur.execute(definition)
    cur.execute(f"DROP DATABASE {quote_identifier(tmp_db)}")


def _charset(tgt: Connection, database: str) -> str:
    with tgt.cursor() as cur:
        cur.execute(
            "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
            "WHERE SCHEMA_NAME = %s",
            (database,),
        )
        return quote_identifier(fetch_one(cur)[0])


def _view_definitions(src: Connection, source_db: str) -> list[str]:
    _tables, views = list_tables(src, source_db)
    definitions = []
    qualified = re.compile(re.escape(quote_identifier(source_db)) + r"\.")
    with src.cursor() as cur:
        for view in views:
            cur.execute(f"SHOW CREATE VIEW {quote_identifier(source_db)}.{quote_identifier(view)}")
            ddl = fetch_one(cur)[1]
            # Views name their tables with the source database; point them at the copy, and
            # drop the definer, which may not exist on staging.
            ddl = qualified.sub("", ddl)
            ddl = re.sub(r"DEFINER=`[^`]*`@`[^`]*`\s*", "", ddl)
            ddl = re.sub(r"^CREATE ", "CREATE OR REPLACE ", ddl)  # a retried publish
            definitions.append(ddl)
    return definitions


def finish_replacement(target: ServerCredentials, token: str) -> bool:
    """After registration: drop the database a re-handover replaced. True when there was one."""
    return drop_database(target, replaced_database(token))


def unpublish(target: ServerCredentials, token: str, *, keep: bool = False) -> str:
    """Undo a publish whose registration failed: restore what it replaced, and drop the new
    copy, or with `keep` move it back into its temporary database for a retry.

    The swap back is one RENAME TABLE, so readers see either the new tables or the old ones.
    (Views of the replaced database were dropped at publish and are not restored.)
    """
    assert target.database is not None
    final, old, tmp = target.database, replaced_database(token), temporary_database(token)
    q_final, q_old, q_tmp = (quote_identifier(n) for n in (final, old, tmp))
    with connect(target, "staging") as conn, conn.cursor() as cur:
        if not database_exists(conn, final):
            return "nothing was published"
        had_old = database_exists(conn, old)
        new_tables, new_views = list_tables(conn, final)
        old_tables = list_tables(conn, old)[0] if had_old else []
        for view in new_views:
            cur.execute(f"DROP VIEW {q_final}.{quote_identifier(view)}")
        if not had_old and not keep:
            cur.execute(f"DROP DATABASE {q_final}")
            return f"dropped {final}"
        cur.execute(f"CREATE DATABASE IF NOT EXISTS {q_tmp}")
        renames = [
            f"{q_final}.{quote_identifier(t)} TO {q_tmp}.{quote_identifier(t)}" for t in new_tables
        ]
        renames += [
            f"{q_old}.{quote_identifier(t)} TO {q_final}.{quote_identifier(t)}" for t in old_tables
        ]
        if renames:
            cur.execute("RENAME TABLE " + ", ".join(renames))
        if not keep:
            cur.execute(f"DROP DATABASE {q_tmp}")
        if had_old:
            cur.execute(f"DROP DATABASE {q_old}")
        else:
            cur.execute(f"DROP DATABASE {q_final}")
        done = f"restored the previous {final}" if had_old else f"took {final} back"
        return done + ("; the new copy is kept for a retry" if keep else "")
