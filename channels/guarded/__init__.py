"""Rasa's own REST and socket.io channels, behind Tickfix's guards.

Why a package: the same channels, names, URLs and settings as Rasa's, with the slash
guard, the 4,096-character cut and never silent in front (channels/common); REST also
refuses bodies Rasa cannot use. credentials.yml names ``guarded.rest.GuardedRestInput``
and ``guarded.socketio.GuardedSocketIOInput``.
"""
