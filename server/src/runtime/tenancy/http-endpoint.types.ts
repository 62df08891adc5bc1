/** An HTTP endpoint a tenant's variant allows processes to call (`variant.json` → `httpEndpoints`). */
export interface HttpEndpoint {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}
