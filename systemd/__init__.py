"""The systemd unit that runs talkstick at boot, shipped as package data (talkstick install)."""
