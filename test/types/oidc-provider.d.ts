// The part of oidc-provider (v9, no bundled types) that the tests driving crmhub's OAuth and OpenID clients use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type KoaContext = {
    readonly path: string;
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    redirect(url: string): void;
  };

  export type InteractionDetails = {
    readonly uid: string;
    readonly prompt: { readonly name: string };
    readonly params: Readonly<Record<string, unknown>>;
    readonly session?: { readonly accountId: string };
  };

  type InteractionResult = {
    readonly login?: { readonly accountId: string };
    readonly consent?: { readonly grantId: string };
  };

  export type Account = {
    readonly accountId: string;
    claims(use: string, scope: string): Record<string, unknown> | Promise<Record<string, unknown>>;
  };

  export type Configuration = Readonly<Record<string, unknown>> & {
    readonly findAccount?: (ctx: unknown, id: string) => Account | undefined | Promise<Account | undefined>;
    readonly interactions?: { readonly url: (ctx: unknown, interaction: InteractionDetails) => string };
  };

  class Grant {
    constructor(input: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    rejectOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  type AccessToken = { readonly scope?: string; readonly accountId: string };

  // The package's own export is a default export.
  // eslint-disable-next-line import-x/no-default-export
  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly Grant: typeof Grant;
    readonly AccessToken: { find(token: string): Promise<AccessToken | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>): Promise<string>;
  }
}
