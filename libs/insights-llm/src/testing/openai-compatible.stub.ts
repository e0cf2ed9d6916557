import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the tests read of a chat completion request. */
export interface ChatCompletionRequest {
  readonly model: string;
  readonly temperature?: number;
  readonly response_format: { readonly type: string; readonly json_schema: { readonly name: string; readonly schema: unknown } };
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>;
}

export interface StubRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: ChatCompletionRequest;
}

/** How the stub answers one request: a completion with this content, or an HTTP error, possibly late. */
export type StubAnswer =
  | {
      readonly content: string;
      readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
      readonly delayMs?: number;
    }
  | { readonly status: number; readonly error: string; readonly delayMs?: number };

/**
 * A loopback OpenAI-compatible server (`POST /v1/chat/completions`), as vLLM, LM Studio, llama.cpp
 * or Ollama expose one: it answers its scripted answers in turn (the last one again when they run
 * out) and records every request.
 */
export class OpenAiCompatibleStub {
  readonly requests: StubRequest[] = [];
  private answers: StubAnswer[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : '{}') as ChatCompletionRequest;
      this.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
      const send = () => {
        if (response.destroyed) return;
        if (request.url !== '/v1/chat/completions') return json(404, { error: { message: `no route ${request.url}` } });
        if ('status' in answer) return json(answer.status, { error: { message: answer.error, type: 'server_error' } });
        const usage = answer.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
        json(200, {
          id: `chatcmpl-${this.requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop', logprobs: null }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        });
      };
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (answer.delayMs) {
        const timer = setTimeout(send, answer.delayMs);
        response.on('close', () => clearTimeout(timer));
      } else send();
    });
  });

  /** Listens on a free loopback port; the base URL to give the client. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  answer(...answers: StubAnswer[]): void {
    this.answers = answers;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
