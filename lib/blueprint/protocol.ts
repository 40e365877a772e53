/** Transport protocol of a port, as Kubernetes names it. */
export enum Protocol {
  TCP = 'TCP',
  UDP = 'UDP',
  SCTP = 'SCTP',
}

/** Application protocol spoken on a port. Drives the Service `appProtocol` and Linkerd's `proxyProtocol`. */
export enum AppProtocol {
  /** HTTP/1.1 (Linkerd detects HTTP/2 on the same port). */
  HTTP = 'http',
  /** HTTP/2 without TLS (h2c). */
  HTTP2 = 'http2',
  /** gRPC over HTTP/2. */
  GRPC = 'grpc',
  /** Plain TCP; Linkerd still runs protocol detection. */
  TCP = 'tcp',
  /** Opaque TCP (databases, TLS pass-through): Linkerd skips protocol detection. */
  OPAQUE = 'opaque',
}
