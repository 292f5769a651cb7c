"""Tests that point Celery at another broker forget its connections before and after.

``app.pool`` is kombu's process-wide connection pool for the broker (``kombu.pools.connections``),
and the producer pools are built on it: closing it without clearing kombu's registries leaves a
closed pool that a later test's eager task acquires from ("Acquire on closed pool")."""

from kombu import pools


def forget_broker_connections(app) -> None:
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # closes and forgets every process-wide connection and producer pool
