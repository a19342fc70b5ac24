"""An output channel placed in front of another one, that is the other one to Rasa.

Why: never_silent counts a turn's replies and compose gathers them; both sit in front
of the real channel. Rasa picks channel-specific responses by ``name()``, and callers
read the real channel's attributes (``messages`` of the REST collector, ``sio`` of
socket.io...), so both must look like the channel they wrap.
"""

from typing import Any, Text

from rasa.core.channels.channel import OutputChannel


class DelegatingOutputChannel(OutputChannel):
    """Same ``name()`` and attributes as ``inner``; subclasses decide what sending does."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner

    def name(self) -> Text:  # type: ignore[override]
        return self.inner.name()

    def __getattr__(self, attribute: Text) -> Any:
        inner = self.__dict__.get("inner")
        if inner is None:
            raise AttributeError(attribute)
        return getattr(inner, attribute)
