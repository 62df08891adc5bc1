import type { Request } from 'express';

/** The client address of a request (express's `req.ip`, IPv4-mapped IPv6 shortened). */
export function clientIp(req: Request): string | null {
  const ip = req.ip ?? req.socket?.remoteAddress ?? null;
  return ip ? ip.replace(/^::ffff:/, '') : null;
}
