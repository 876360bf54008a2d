import type { Context } from 'koa';
import type { z } from 'zod';

import type { AdminContext } from '../../organizations/admin-context.js';
import type { AdminServices } from '../admin-services.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiCall<Q, B> {
  readonly admin: AdminContext;
  readonly services: AdminServices;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Q;
  readonly body: B;
  readonly ctx: Context;
}

export interface ApiResult {
  readonly status: number;
  readonly body?: unknown;
  /** A media type other than JSON (the CSV export). */
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One operation of the Admin API: the router serves it and the OpenAPI document describes it, from this. */
export interface ApiOperation<Q = unknown, B = unknown> {
  readonly method: HttpMethod;
  /** OpenAPI style: /users/{id}. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  readonly responses: Readonly<Record<number, { readonly description: string; readonly schema?: z.ZodType; readonly mediaType?: string }>>;
  handle(call: ApiCall<Q, B>): Promise<ApiResult>;
}

/** Keeps each operation's types while listing them together. */
export function operation<Q, B>(op: ApiOperation<Q, B>): ApiOperation {
  return op as unknown as ApiOperation;
}
