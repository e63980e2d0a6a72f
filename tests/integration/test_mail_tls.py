"""SMTP over STARTTLS verifies the server's certificate: a real TLS handshake with a small SMTP
server on 127.0.0.1 whose certificate only SMTP_CA_FILE vouches for."""

import datetime as dt
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from compliance.mail import send_mail


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "smtp.pem", tmp_path / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class StartTlsServer:
    """Answers one SMTP session: STARTTLS, then accepts one message (bounded, loopback only)."""

    def __init__(self, cert_path, key_path):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert_path, key_path)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(10)
        self.port = self.listener.getsockname()[1]
        self.received: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        conn.settimeout(10)
        try:
            with conn.makefile("rwb") as stream:
                self._say(stream, "220 localhost ESMTP test")
                self._dialogue(stream, conn)
        except (OSError, ssl.SSLError):
            pass  # the client refused our certificate
        finally:
            conn.close()
            self.listener.close()

    def _dialogue(self, stream, conn):
        while line := stream.readline().decode().strip():
            verb = line.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self._say(stream, "250-localhost\r\n250 STARTTLS")
            elif verb == "STARTTLS":
                self._say(stream, "220 go ahead")
                tls = self.context.wrap_socket(conn, server_side=True)
                try:
                    with tls.makefile("rwb") as secure:
                        self._dialogue(secure, tls)
                finally:
                    tls.close()
                return
            elif verb == "DATA":
                self._say(stream, "354 end with .")
                body = []
                while (data := stream.readline().decode()) != ".\r\n":
                    body.append(data)
                self.received.append("".join(body))
                self._say(stream, "250 queued")
            elif verb == "QUIT":
                self._say(stream, "221 bye")
                return
            else:
                self._say(stream, "250 ok")

    @staticmethod
    def _say(stream, text):
        stream.write(text.encode() + b"\r\n")
        stream.flush()


@pytest.fixture
def tls_server(tmp_path):
    cert, key = _self_signed(tmp_path)
    server = StartTlsServer(cert, key)
    yield server, cert
    server.thread.join(timeout=15)


def _smtp(app, port, ca_file=None):
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="localhost", SMTP_PORT=port, SMTP_STARTTLS=True,
                      SMTP_CA_FILE=str(ca_file) if ca_file else None)


def test_an_unverifiable_certificate_stops_the_mail(app, tls_server):
    server, _ = tls_server
    _smtp(app, server.port)
    with pytest.raises(ssl.SSLCertVerificationError):
        send_mail("someone@example.com", "Your request", "Personal data would follow.")
    server.thread.join(timeout=15)
    assert server.received == []


def test_a_certificate_signed_by_the_configured_ca_is_accepted(app, tls_server):
    server, cert = tls_server
    _smtp(app, server.port, ca_file=cert)
    send_mail("someone@example.com", "Your request", "Sent over verified TLS.")
    server.thread.join(timeout=15)
    assert len(server.received) == 1 and "Sent over verified TLS." in server.received[0]
