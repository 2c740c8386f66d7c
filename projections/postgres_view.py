"""The view's recorder on PostgreSQL (a module of its own, so SQLite users never load psycopg)."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from projections.view_tables import MeetingViewTables


class PostgresMeetingView(MeetingViewTables, PostgresTrackingRecorder):
    placeholder = "%s"

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.tracking_table = f"{self.datastore.schema}.{self.tracking_table_name}"
