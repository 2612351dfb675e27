// The part of oidc-provider (v9, no bundled types) that the tests driving crmhub's OAuth clients use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type ClientMetadata = Readonly<Record<string, string | readonly string[]>>;
  type Interaction = {
    readonly uid: string;
    readonly params: Readonly<Record<string, unknown>>;
    readonly prompt: { readonly name: string };
  };
  type InteractionResult = {
    readonly login?: { readonly accountId: string };
    readonly consent?: { readonly grantId: string };
  };

  export type Configuration = {
    readonly clients?: readonly ClientMetadata[];
    readonly scopes?: readonly string[];
    readonly cookies?: { readonly keys: readonly string[] };
    readonly findAccount?: (ctx: unknown, sub: string) => { accountId: string; claims: () => Record<string, unknown> };
    readonly interactions?: { readonly url: (ctx: unknown, interaction: Interaction) => string };
    readonly issueRefreshToken?: () => boolean;
    readonly rotateRefreshToken?: () => boolean;
    readonly ttl?: Readonly<Record<string, number>>;
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
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
}
