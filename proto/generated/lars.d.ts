import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace lars. */
export namespace lars {

    /** MessageId enum. */
    enum MessageId {

        /** ID_UNKNOW value */
        ID_UNKNOW = 0,

        /** ID_GetRouteRequest value */
        ID_GetRouteRequest = 1,

        /** ID_GetRouteResponse value */
        ID_GetRouteResponse = 2,

        /** ID_ReportStatusRequest value */
        ID_ReportStatusRequest = 3,

        /** ID_GetHostRequest value */
        ID_GetHostRequest = 4,

        /** ID_GetHostResponse value */
        ID_GetHostResponse = 5,

        /** ID_ReportRequest value */
        ID_ReportRequest = 6,

        /** ID_API_GetRouteRequest value */
        ID_API_GetRouteRequest = 7,

        /** ID_API_GetRouteResponse value */
        ID_API_GetRouteResponse = 8,

        /** ID_RegisterRequest value */
        ID_RegisterRequest = 16,

        /** ID_RegisterResponse value */
        ID_RegisterResponse = 17,

        /** ID_DeregisterRequest value */
        ID_DeregisterRequest = 18,

        /** ID_API_RegisterRequest value */
        ID_API_RegisterRequest = 19,

        /** ID_API_RegisterResponse value */
        ID_API_RegisterResponse = 20,

        /** ID_API_DeregisterRequest value */
        ID_API_DeregisterRequest = 21
    }

    /** LarsRetCode enum. */
    enum LarsRetCode {

        /** RET_SUCC value */
        RET_SUCC = 0,

        /** RET_OVERLOAD value */
        RET_OVERLOAD = 1,

        /** RET_SYSTEM_ERROR value */
        RET_SYSTEM_ERROR = 2,

        /** RET_NOEXIST value */
        RET_NOEXIST = 3,

        /** RET_REFUSED value */
        RET_REFUSED = 4,

        /** RET_BAD_ARGUMENT value */
        RET_BAD_ARGUMENT = 5,

        /** RET_UNAVAILABLE value */
        RET_UNAVAILABLE = 6
    }

    /**
     * Properties of a HostInfo.
     * @deprecated Use lars.HostInfo.$Properties instead.
     */
    interface IHostInfo extends lars.HostInfo.$Properties {
    }

    /** Represents a HostInfo. */
    class HostInfo {

        /**
         * Constructs a new HostInfo.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.HostInfo.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HostInfo ip. */
        ip: number;

        /** HostInfo port. */
        port: number;

        /** HostInfo weight. */
        weight: number;

        /** HostInfo zone. */
        zone: string;

        /** HostInfo tags. */
        tags: string[];

        /**
         * Creates a new HostInfo instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HostInfo instance
         */
        static create(properties: lars.HostInfo.$Shape): lars.HostInfo & lars.HostInfo.$Shape;
        static create(properties?: lars.HostInfo.$Properties): lars.HostInfo;

        /**
         * Encodes the specified HostInfo message. Does not implicitly {@link lars.HostInfo.verify|verify} messages.
         * @param message HostInfo message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.HostInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HostInfo message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.HostInfo & lars.HostInfo.$Shape} HostInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.HostInfo & lars.HostInfo.$Shape;

        /**
         * Gets the type url for HostInfo
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostInfo {

        /** Properties of a HostInfo. */
        interface $Properties {

            /** HostInfo ip */
            ip?: (number|null);

            /** HostInfo port */
            port?: (number|null);

            /** HostInfo weight */
            weight?: (number|null);

            /** HostInfo zone */
            zone?: (string|null);

            /** HostInfo tags */
            tags?: (string[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a HostInfo. */
        type $Shape = lars.HostInfo.$Properties;
    }

    /**
     * Properties of a GetRouteRequest.
     * @deprecated Use lars.GetRouteRequest.$Properties instead.
     */
    interface IGetRouteRequest extends lars.GetRouteRequest.$Properties {
    }

    /** Represents a GetRouteRequest. */
    class GetRouteRequest {

        /**
         * Constructs a new GetRouteRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetRouteRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetRouteRequest modid. */
        modid: number;

        /** GetRouteRequest cmdid. */
        cmdid: number;

        /**
         * Creates a new GetRouteRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetRouteRequest instance
         */
        static create(properties: lars.GetRouteRequest.$Shape): lars.GetRouteRequest & lars.GetRouteRequest.$Shape;
        static create(properties?: lars.GetRouteRequest.$Properties): lars.GetRouteRequest;

        /**
         * Encodes the specified GetRouteRequest message. Does not implicitly {@link lars.GetRouteRequest.verify|verify} messages.
         * @param message GetRouteRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetRouteRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetRouteRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetRouteRequest & lars.GetRouteRequest.$Shape} GetRouteRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetRouteRequest & lars.GetRouteRequest.$Shape;

        /**
         * Gets the type url for GetRouteRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetRouteRequest {

        /** Properties of a GetRouteRequest. */
        interface $Properties {

            /** GetRouteRequest modid */
            modid?: (number|null);

            /** GetRouteRequest cmdid */
            cmdid?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetRouteRequest. */
        type $Shape = lars.GetRouteRequest.$Properties;
    }

    /**
     * Properties of a GetRouteResponse.
     * @deprecated Use lars.GetRouteResponse.$Properties instead.
     */
    interface IGetRouteResponse extends lars.GetRouteResponse.$Properties {
    }

    /** Represents a GetRouteResponse. */
    class GetRouteResponse {

        /**
         * Constructs a new GetRouteResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetRouteResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetRouteResponse modid. */
        modid: number;

        /** GetRouteResponse cmdid. */
        cmdid: number;

        /** GetRouteResponse host. */
        host: lars.HostInfo.$Properties[];

        /** GetRouteResponse rules. */
        rules: string[];

        /**
         * Creates a new GetRouteResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetRouteResponse instance
         */
        static create(properties: lars.GetRouteResponse.$Shape): lars.GetRouteResponse & lars.GetRouteResponse.$Shape;
        static create(properties?: lars.GetRouteResponse.$Properties): lars.GetRouteResponse;

        /**
         * Encodes the specified GetRouteResponse message. Does not implicitly {@link lars.GetRouteResponse.verify|verify} messages.
         * @param message GetRouteResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetRouteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetRouteResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetRouteResponse & lars.GetRouteResponse.$Shape} GetRouteResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetRouteResponse & lars.GetRouteResponse.$Shape;

        /**
         * Gets the type url for GetRouteResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetRouteResponse {

        /** Properties of a GetRouteResponse. */
        interface $Properties {

            /** GetRouteResponse modid */
            modid?: (number|null);

            /** GetRouteResponse cmdid */
            cmdid?: (number|null);

            /** GetRouteResponse host */
            host?: (lars.HostInfo.$Properties[]|null);

            /** GetRouteResponse rules */
            rules?: (string[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetRouteResponse. */
        type $Shape = lars.GetRouteResponse.$Properties;
    }

    /**
     * Properties of a HostCallResult.
     * @deprecated Use lars.HostCallResult.$Properties instead.
     */
    interface IHostCallResult extends lars.HostCallResult.$Properties {
    }

    /** Represents a HostCallResult. */
    class HostCallResult {

        /**
         * Constructs a new HostCallResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.HostCallResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HostCallResult ip. */
        ip: number;

        /** HostCallResult port. */
        port: number;

        /** HostCallResult succ. */
        succ: number;

        /** HostCallResult err. */
        err: number;

        /** HostCallResult overload. */
        overload: boolean;

        /**
         * Creates a new HostCallResult instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HostCallResult instance
         */
        static create(properties: lars.HostCallResult.$Shape): lars.HostCallResult & lars.HostCallResult.$Shape;
        static create(properties?: lars.HostCallResult.$Properties): lars.HostCallResult;

        /**
         * Encodes the specified HostCallResult message. Does not implicitly {@link lars.HostCallResult.verify|verify} messages.
         * @param message HostCallResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.HostCallResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HostCallResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.HostCallResult & lars.HostCallResult.$Shape} HostCallResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.HostCallResult & lars.HostCallResult.$Shape;

        /**
         * Gets the type url for HostCallResult
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostCallResult {

        /** Properties of a HostCallResult. */
        interface $Properties {

            /** HostCallResult ip */
            ip?: (number|null);

            /** HostCallResult port */
            port?: (number|null);

            /** HostCallResult succ */
            succ?: (number|null);

            /** HostCallResult err */
            err?: (number|null);

            /** HostCallResult overload */
            overload?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a HostCallResult. */
        type $Shape = lars.HostCallResult.$Properties;
    }

    /**
     * Properties of a ReportStatusRequest.
     * @deprecated Use lars.ReportStatusRequest.$Properties instead.
     */
    interface IReportStatusRequest extends lars.ReportStatusRequest.$Properties {
    }

    /** Represents a ReportStatusRequest. */
    class ReportStatusRequest {

        /**
         * Constructs a new ReportStatusRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.ReportStatusRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReportStatusRequest modid. */
        modid: number;

        /** ReportStatusRequest cmdid. */
        cmdid: number;

        /** ReportStatusRequest caller. */
        caller: number;

        /** ReportStatusRequest results. */
        results: lars.HostCallResult.$Properties[];

        /** ReportStatusRequest ts. */
        ts: number;

        /**
         * Creates a new ReportStatusRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReportStatusRequest instance
         */
        static create(properties: lars.ReportStatusRequest.$Shape): lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape;
        static create(properties?: lars.ReportStatusRequest.$Properties): lars.ReportStatusRequest;

        /**
         * Encodes the specified ReportStatusRequest message. Does not implicitly {@link lars.ReportStatusRequest.verify|verify} messages.
         * @param message ReportStatusRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.ReportStatusRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReportStatusRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape} ReportStatusRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape;

        /**
         * Gets the type url for ReportStatusRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ReportStatusRequest {

        /** Properties of a ReportStatusRequest. */
        interface $Properties {

            /** ReportStatusRequest modid */
            modid?: (number|null);

            /** ReportStatusRequest cmdid */
            cmdid?: (number|null);

            /** ReportStatusRequest caller */
            caller?: (number|null);

            /** ReportStatusRequest results */
            results?: (lars.HostCallResult.$Properties[]|null);

            /** ReportStatusRequest ts */
            ts?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ReportStatusRequest. */
        type $Shape = lars.ReportStatusRequest.$Properties;
    }

    /**
     * Properties of a GetHostRequest.
     * @deprecated Use lars.GetHostRequest.$Properties instead.
     */
    interface IGetHostRequest extends lars.GetHostRequest.$Properties {
    }

    /** Represents a GetHostRequest. */
    class GetHostRequest {

        /**
         * Constructs a new GetHostRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetHostRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetHostRequest seq. */
        seq: number;

        /** GetHostRequest modid. */
        modid: number;

        /** GetHostRequest cmdid. */
        cmdid: number;

        /** GetHostRequest tags. */
        tags: string[];

        /**
         * Creates a new GetHostRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetHostRequest instance
         */
        static create(properties: lars.GetHostRequest.$Shape): lars.GetHostRequest & lars.GetHostRequest.$Shape;
        static create(properties?: lars.GetHostRequest.$Properties): lars.GetHostRequest;

        /**
         * Encodes the specified GetHostRequest message. Does not implicitly {@link lars.GetHostRequest.verify|verify} messages.
         * @param message GetHostRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetHostRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetHostRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetHostRequest & lars.GetHostRequest.$Shape} GetHostRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetHostRequest & lars.GetHostRequest.$Shape;

        /**
         * Gets the type url for GetHostRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetHostRequest {

        /** Properties of a GetHostRequest. */
        interface $Properties {

            /** GetHostRequest seq */
            seq?: (number|null);

            /** GetHostRequest modid */
            modid?: (number|null);

            /** GetHostRequest cmdid */
            cmdid?: (number|null);

            /** GetHostRequest tags */
            tags?: (string[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetHostRequest. */
        type $Shape = lars.GetHostRequest.$Properties;
    }

    /**
     * Properties of a GetHostResponse.
     * @deprecated Use lars.GetHostResponse.$Properties instead.
     */
    interface IGetHostResponse extends lars.GetHostResponse.$Properties {
    }

    /** Represents a GetHostResponse. */
    class GetHostResponse {

        /**
         * Constructs a new GetHostResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetHostResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetHostResponse seq. */
        seq: number;

        /** GetHostResponse modid. */
        modid: number;

        /** GetHostResponse cmdid. */
        cmdid: number;

        /** GetHostResponse retcode. */
        retcode: number;

        /** GetHostResponse host. */
        host?: (lars.HostInfo.$Properties|null);

        /**
         * Creates a new GetHostResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetHostResponse instance
         */
        static create(properties: lars.GetHostResponse.$Shape): lars.GetHostResponse & lars.GetHostResponse.$Shape;
        static create(properties?: lars.GetHostResponse.$Properties): lars.GetHostResponse;

        /**
         * Encodes the specified GetHostResponse message. Does not implicitly {@link lars.GetHostResponse.verify|verify} messages.
         * @param message GetHostResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetHostResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetHostResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetHostResponse & lars.GetHostResponse.$Shape} GetHostResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetHostResponse & lars.GetHostResponse.$Shape;

        /**
         * Gets the type url for GetHostResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetHostResponse {

        /** Properties of a GetHostResponse. */
        interface $Properties {

            /** GetHostResponse seq */
            seq?: (number|null);

            /** GetHostResponse modid */
            modid?: (number|null);

            /** GetHostResponse cmdid */
            cmdid?: (number|null);

            /** GetHostResponse retcode */
            retcode?: (number|null);

            /** GetHostResponse host */
            host?: (lars.HostInfo.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetHostResponse. */
        type $Shape = lars.GetHostResponse.$Properties;
    }

    /**
     * Properties of a ReportRequest.
     * @deprecated Use lars.ReportRequest.$Properties instead.
     */
    interface IReportRequest extends lars.ReportRequest.$Properties {
    }

    /** Represents a ReportRequest. */
    class ReportRequest {

        /**
         * Constructs a new ReportRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.ReportRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReportRequest modid. */
        modid: number;

        /** ReportRequest cmdid. */
        cmdid: number;

        /** ReportRequest host. */
        host?: (lars.HostInfo.$Properties|null);

        /** ReportRequest retcode. */
        retcode: number;

        /**
         * Creates a new ReportRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReportRequest instance
         */
        static create(properties: lars.ReportRequest.$Shape): lars.ReportRequest & lars.ReportRequest.$Shape;
        static create(properties?: lars.ReportRequest.$Properties): lars.ReportRequest;

        /**
         * Encodes the specified ReportRequest message. Does not implicitly {@link lars.ReportRequest.verify|verify} messages.
         * @param message ReportRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.ReportRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReportRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.ReportRequest & lars.ReportRequest.$Shape} ReportRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.ReportRequest & lars.ReportRequest.$Shape;

        /**
         * Gets the type url for ReportRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ReportRequest {

        /** Properties of a ReportRequest. */
        interface $Properties {

            /** ReportRequest modid */
            modid?: (number|null);

            /** ReportRequest cmdid */
            cmdid?: (number|null);

            /** ReportRequest host */
            host?: (lars.HostInfo.$Properties|null);

            /** ReportRequest retcode */
            retcode?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ReportRequest. */
        type $Shape = lars.ReportRequest.$Properties;
    }

    /**
     * Properties of a CheckSpec.
     * @deprecated Use lars.CheckSpec.$Properties instead.
     */
    interface ICheckSpec extends lars.CheckSpec.$Properties {
    }

    /** Represents a CheckSpec. */
    class CheckSpec {

        /**
         * Constructs a new CheckSpec.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.CheckSpec.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CheckSpec url. */
        url: string;

        /** CheckSpec intervalMs. */
        intervalMs: number;

        /** CheckSpec timeoutMs. */
        timeoutMs: number;

        /** CheckSpec fall. */
        fall: number;

        /** CheckSpec rise. */
        rise: number;

        /**
         * Creates a new CheckSpec instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CheckSpec instance
         */
        static create(properties: lars.CheckSpec.$Shape): lars.CheckSpec & lars.CheckSpec.$Shape;
        static create(properties?: lars.CheckSpec.$Properties): lars.CheckSpec;

        /**
         * Encodes the specified CheckSpec message. Does not implicitly {@link lars.CheckSpec.verify|verify} messages.
         * @param message CheckSpec message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.CheckSpec.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CheckSpec message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.CheckSpec & lars.CheckSpec.$Shape} CheckSpec
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.CheckSpec & lars.CheckSpec.$Shape;

        /**
         * Gets the type url for CheckSpec
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace CheckSpec {

        /** Properties of a CheckSpec. */
        interface $Properties {

            /** CheckSpec url */
            url?: (string|null);

            /** CheckSpec intervalMs */
            intervalMs?: (number|null);

            /** CheckSpec timeoutMs */
            timeoutMs?: (number|null);

            /** CheckSpec fall */
            fall?: (number|null);

            /** CheckSpec rise */
            rise?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CheckSpec. */
        type $Shape = lars.CheckSpec.$Properties;
    }

    /**
     * Properties of a CheckState.
     * @deprecated Use lars.CheckState.$Properties instead.
     */
    interface ICheckState extends lars.CheckState.$Properties {
    }

    /** Represents a CheckState. */
    class CheckState {

        /**
         * Constructs a new CheckState.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.CheckState.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** CheckState passing. */
        passing: boolean;

        /** CheckState detail. */
        detail: string;

        /**
         * Creates a new CheckState instance using the specified properties.
         * @param [properties] Properties to set
         * @returns CheckState instance
         */
        static create(properties: lars.CheckState.$Shape): lars.CheckState & lars.CheckState.$Shape;
        static create(properties?: lars.CheckState.$Properties): lars.CheckState;

        /**
         * Encodes the specified CheckState message. Does not implicitly {@link lars.CheckState.verify|verify} messages.
         * @param message CheckState message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.CheckState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a CheckState message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.CheckState & lars.CheckState.$Shape} CheckState
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.CheckState & lars.CheckState.$Shape;

        /**
         * Gets the type url for CheckState
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace CheckState {

        /** Properties of a CheckState. */
        interface $Properties {

            /** CheckState passing */
            passing?: (boolean|null);

            /** CheckState detail */
            detail?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a CheckState. */
        type $Shape = lars.CheckState.$Properties;
    }

    /**
     * Properties of an Instance.
     * @deprecated Use lars.Instance.$Properties instead.
     */
    interface IInstance extends lars.Instance.$Properties {
    }

    /** Represents an Instance. */
    class Instance {

        /**
         * Constructs a new Instance.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.Instance.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Instance modid. */
        modid: number;

        /** Instance cmdid. */
        cmdid: number;

        /** Instance ip. */
        ip: number;

        /** Instance port. */
        port: number;

        /** Instance weight. */
        weight: number;

        /** Instance ttlMs. */
        ttlMs: number;

        /** Instance zone. */
        zone: string;

        /** Instance tags. */
        tags: string[];

        /** Instance check. */
        check?: (lars.CheckState.$Properties|null);

        /** Instance checkSpec. */
        checkSpec?: (lars.CheckSpec.$Properties|null);

        /**
         * Creates a new Instance instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Instance instance
         */
        static create(properties: lars.Instance.$Shape): lars.Instance & lars.Instance.$Shape;
        static create(properties?: lars.Instance.$Properties): lars.Instance;

        /**
         * Encodes the specified Instance message. Does not implicitly {@link lars.Instance.verify|verify} messages.
         * @param message Instance message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.Instance.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Instance message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.Instance & lars.Instance.$Shape} Instance
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.Instance & lars.Instance.$Shape;

        /**
         * Gets the type url for Instance
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Instance {

        /** Properties of an Instance. */
        interface $Properties {

            /** Instance modid */
            modid?: (number|null);

            /** Instance cmdid */
            cmdid?: (number|null);

            /** Instance ip */
            ip?: (number|null);

            /** Instance port */
            port?: (number|null);

            /** Instance weight */
            weight?: (number|null);

            /** Instance ttlMs */
            ttlMs?: (number|null);

            /** Instance zone */
            zone?: (string|null);

            /** Instance tags */
            tags?: (string[]|null);

            /** Instance check */
            check?: (lars.CheckState.$Properties|null);

            /** Instance checkSpec */
            checkSpec?: (lars.CheckSpec.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Instance. */
        type $Shape = lars.Instance.$Properties;
    }

    /**
     * Properties of a RegisterRequest.
     * @deprecated Use lars.RegisterRequest.$Properties instead.
     */
    interface IRegisterRequest extends lars.RegisterRequest.$Properties {
    }

    /** Represents a RegisterRequest. */
    class RegisterRequest {

        /**
         * Constructs a new RegisterRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.RegisterRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** RegisterRequest seq. */
        seq: number;

        /** RegisterRequest token. */
        token: string;

        /** RegisterRequest owner. */
        owner: string;

        /** RegisterRequest instances. */
        instances: lars.Instance.$Properties[];

        /**
         * Creates a new RegisterRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns RegisterRequest instance
         */
        static create(properties: lars.RegisterRequest.$Shape): lars.RegisterRequest & lars.RegisterRequest.$Shape;
        static create(properties?: lars.RegisterRequest.$Properties): lars.RegisterRequest;

        /**
         * Encodes the specified RegisterRequest message. Does not implicitly {@link lars.RegisterRequest.verify|verify} messages.
         * @param message RegisterRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.RegisterRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a RegisterRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.RegisterRequest & lars.RegisterRequest.$Shape} RegisterRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.RegisterRequest & lars.RegisterRequest.$Shape;

        /**
         * Gets the type url for RegisterRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterRequest {

        /** Properties of a RegisterRequest. */
        interface $Properties {

            /** RegisterRequest seq */
            seq?: (number|null);

            /** RegisterRequest token */
            token?: (string|null);

            /** RegisterRequest owner */
            owner?: (string|null);

            /** RegisterRequest instances */
            instances?: (lars.Instance.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a RegisterRequest. */
        type $Shape = lars.RegisterRequest.$Properties;
    }

    /**
     * Properties of a DeregisterRequest.
     * @deprecated Use lars.DeregisterRequest.$Properties instead.
     */
    interface IDeregisterRequest extends lars.DeregisterRequest.$Properties {
    }

    /** Represents a DeregisterRequest. */
    class DeregisterRequest {

        /**
         * Constructs a new DeregisterRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.DeregisterRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** DeregisterRequest seq. */
        seq: number;

        /** DeregisterRequest token. */
        token: string;

        /** DeregisterRequest owner. */
        owner: string;

        /** DeregisterRequest instances. */
        instances: lars.Instance.$Properties[];

        /**
         * Creates a new DeregisterRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns DeregisterRequest instance
         */
        static create(properties: lars.DeregisterRequest.$Shape): lars.DeregisterRequest & lars.DeregisterRequest.$Shape;
        static create(properties?: lars.DeregisterRequest.$Properties): lars.DeregisterRequest;

        /**
         * Encodes the specified DeregisterRequest message. Does not implicitly {@link lars.DeregisterRequest.verify|verify} messages.
         * @param message DeregisterRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.DeregisterRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a DeregisterRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.DeregisterRequest & lars.DeregisterRequest.$Shape} DeregisterRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.DeregisterRequest & lars.DeregisterRequest.$Shape;

        /**
         * Gets the type url for DeregisterRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace DeregisterRequest {

        /** Properties of a DeregisterRequest. */
        interface $Properties {

            /** DeregisterRequest seq */
            seq?: (number|null);

            /** DeregisterRequest token */
            token?: (string|null);

            /** DeregisterRequest owner */
            owner?: (string|null);

            /** DeregisterRequest instances */
            instances?: (lars.Instance.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a DeregisterRequest. */
        type $Shape = lars.DeregisterRequest.$Properties;
    }

    /**
     * Properties of an InstanceResult.
     * @deprecated Use lars.InstanceResult.$Properties instead.
     */
    interface IInstanceResult extends lars.InstanceResult.$Properties {
    }

    /** Represents an InstanceResult. */
    class InstanceResult {

        /**
         * Constructs a new InstanceResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.InstanceResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** InstanceResult modid. */
        modid: number;

        /** InstanceResult cmdid. */
        cmdid: number;

        /** InstanceResult ip. */
        ip: number;

        /** InstanceResult port. */
        port: number;

        /** InstanceResult retcode. */
        retcode: number;

        /** InstanceResult reason. */
        reason: string;

        /**
         * Creates a new InstanceResult instance using the specified properties.
         * @param [properties] Properties to set
         * @returns InstanceResult instance
         */
        static create(properties: lars.InstanceResult.$Shape): lars.InstanceResult & lars.InstanceResult.$Shape;
        static create(properties?: lars.InstanceResult.$Properties): lars.InstanceResult;

        /**
         * Encodes the specified InstanceResult message. Does not implicitly {@link lars.InstanceResult.verify|verify} messages.
         * @param message InstanceResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.InstanceResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an InstanceResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.InstanceResult & lars.InstanceResult.$Shape} InstanceResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.InstanceResult & lars.InstanceResult.$Shape;

        /**
         * Gets the type url for InstanceResult
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace InstanceResult {

        /** Properties of an InstanceResult. */
        interface $Properties {

            /** InstanceResult modid */
            modid?: (number|null);

            /** InstanceResult cmdid */
            cmdid?: (number|null);

            /** InstanceResult ip */
            ip?: (number|null);

            /** InstanceResult port */
            port?: (number|null);

            /** InstanceResult retcode */
            retcode?: (number|null);

            /** InstanceResult reason */
            reason?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an InstanceResult. */
        type $Shape = lars.InstanceResult.$Properties;
    }

    /**
     * Properties of a RegisterResponse.
     * @deprecated Use lars.RegisterResponse.$Properties instead.
     */
    interface IRegisterResponse extends lars.RegisterResponse.$Properties {
    }

    /** Represents a RegisterResponse. */
    class RegisterResponse {

        /**
         * Constructs a new RegisterResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.RegisterResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** RegisterResponse seq. */
        seq: number;

        /** RegisterResponse retcode. */
        retcode: number;

        /** RegisterResponse reason. */
        reason: string;

        /** RegisterResponse refused. */
        refused: lars.InstanceResult.$Properties[];

        /**
         * Creates a new RegisterResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns RegisterResponse instance
         */
        static create(properties: lars.RegisterResponse.$Shape): lars.RegisterResponse & lars.RegisterResponse.$Shape;
        static create(properties?: lars.RegisterResponse.$Properties): lars.RegisterResponse;

        /**
         * Encodes the specified RegisterResponse message. Does not implicitly {@link lars.RegisterResponse.verify|verify} messages.
         * @param message RegisterResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.RegisterResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a RegisterResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.RegisterResponse & lars.RegisterResponse.$Shape} RegisterResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.RegisterResponse & lars.RegisterResponse.$Shape;

        /**
         * Gets the type url for RegisterResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace RegisterResponse {

        /** Properties of a RegisterResponse. */
        interface $Properties {

            /** RegisterResponse seq */
            seq?: (number|null);

            /** RegisterResponse retcode */
            retcode?: (number|null);

            /** RegisterResponse reason */
            reason?: (string|null);

            /** RegisterResponse refused */
            refused?: (lars.InstanceResult.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a RegisterResponse. */
        type $Shape = lars.RegisterResponse.$Properties;
    }
}
