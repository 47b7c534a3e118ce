#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (aiosmtpd, Debian's python3-aiosmtpd).

    smtp_sink.py DIR PORT

Each message it accepts is written to DIR as NNNNNN.eml (written to a temporary name first,
then renamed, so a reader never sees half a message): the envelope sender and recipients as
X-Envelope-From / X-Envelope-To lines, then the message as received.
"""
import itertools
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(len(os.listdir(directory)) + 1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.counter)
        name = os.path.join(self.directory, "%06d.eml" % number)
        with open(name + ".tmp", "wb") as out:
            out.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            for rcpt in envelope.rcpt_tos:
                out.write(b"X-Envelope-To: " + rcpt.encode() + b"\r\n")
            out.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        return "250 OK"


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
