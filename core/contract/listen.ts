/**
 * Listening on a TCP port with uWebSockets.js, exclusively. By default uSockets sets
 * SO_REUSEPORT, so a second gateway on a busy port starts "fine" and the kernel splits the
 * traffic between both. LIBUS_LISTEN_EXCLUSIVE_PORT makes the bind fail instead.
 * Shared by the gateway and the management server.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';

/** uSockets' listen option (uWS.ListenOptions is a type-only enum in the typings). */
export const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

type ListenWithHostAndOptions = {
  listen(host: string, port: number, options: number, cb: (socket: us_listen_socket | false) => void): unknown;
};

/** The one message both services print when the bind fails, naming host and port. */
export function listenFailure(host: string, port: number): Error {
  return new Error(`cannot listen on ${host}:${port}: the port is already in use (or the address cannot be bound)`);
}

/** app.listen(host, port, EXCLUSIVE, cb): the native binding takes this form; its typings lack it. */
export function listenExclusive(app: TemplatedApp, host: string, port: number, cb: (socket: us_listen_socket | false) => void): void {
  (app as unknown as ListenWithHostAndOptions).listen(host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, cb);
}
