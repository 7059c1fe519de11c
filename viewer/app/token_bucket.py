"""A token bucket: a sustained rate with a burst, for the websocket guard and the log limiter."""

from __future__ import annotations

import time
from collections.abc import Callable


class TokenBucket:
    """Allow ``rate`` units a second on average, up to ``burst`` at once.

    Parameters
    ----------
    rate : float
        Units refilled per second.
    burst : float
        Capacity (the bucket starts full).
    clock : callable
        Monotonic seconds.

    """

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = float(burst)
        self.last = clock()

    def take(self, cost: float = 1.0) -> bool:
        """Spend ``cost`` units if the bucket holds them; return whether it did."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < cost:
            return False
        self.tokens -= cost
        return True
