// A way of proving who one is. Each method names the RFC 8176 amr value it contributes to tokens.

export interface AuthMethod {
  readonly id: string;
  readonly amr: string;
}
