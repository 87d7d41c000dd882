"""Notifications to entrepreneurs: the inbox the channels read and the outbox of e-mails/SMS."""
