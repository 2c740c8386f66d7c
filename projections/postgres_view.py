"""The view's recorder on PostgreSQL (a module of its own, so SQLite users never load psycopg)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresTrackingRecorder

from projections.view_tables import MeetingViewTables


class PostgresMeetingView(MeetingViewTables, PostgresTrackingRecorder):
    placeholder = "%s"
    position_column = "notification_id"
    odd_version = "FALSE"  # (an integer column)

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.tracking_table = f"{self.datastore.schema}.{self.tracking_table_name}"

    def events_table(self, recorder: Any) -> str:
        return f"{self.datastore.schema}.{recorder.events_table_name}"

    def stored_id(self, meeting: UUID) -> object:
        return meeting
