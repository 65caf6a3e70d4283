/** The RabbitMQ every suite uses: AMQP_URL, or the local broker with its default account. */
export const AMQP_URL = process.env.AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";
