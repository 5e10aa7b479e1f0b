"""Running sessions: the runner (in-process; Celery later), one execution's work, and the scheduler."""
