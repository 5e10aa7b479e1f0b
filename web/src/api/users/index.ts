export { userKeys, type UserPaging } from "./keys";
export { userQueries, type Role, type UserAccount, type UserCreate, type UserPage, type UserUpdate } from "./queries";
export { useCreateUser, useDeleteUser, useUpdateUser } from "./mutations";
